package dev.rtpolicy.settings;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefreshTokenPolicySettingsTest {

    @ParameterizedTest(name = "realm={0} client={1} -> {2} from {3}")
    @CsvSource(nullValues = "null", value = {
            "null, null, 0, DEFAULT",
            "30,   null, 30, REALM",
            "30,   10,   10, CLIENT",
            "null, 0,    0, CLIENT",
            "garbage, null, 0, DEFAULT",
            "301,  null, 0, DEFAULT",
            "30,   -5,   30, REALM"})
    void reuseGracePeriodWhenClientOverridesRealmThenClientWins(String realm, String client, int expected, String source) {
        RefreshTokenPolicySettings settings = settings(realm == null ? Map.of() : Map.of(PolicyField.REUSE_GRACE_PERIOD, realm),
                client == null ? Map.of() : Map.of(PolicyField.REUSE_GRACE_PERIOD, client), null);

        assertEquals(expected, settings.reuseGracePeriod());
        assertEquals(RefreshTokenPolicySettings.Source.valueOf(source), settings.effective().get("reuseGracePeriod").source());
    }

    @ParameterizedTest(name = "realm issue={0} grant={1} realm rotate={2} client rotate={3} -> issue {4}, rotate {5}")
    @CsvSource(nullValues = "null", value = {
            "null,  null,  null,  null,  true,  true",
            "false, null,  null,  null,  false, false",
            "true,  false, null,  null,  false, false",
            "true,  true,  false, null,  true,  false",
            "true,  true,  false, true,  true,  true",
            "true,  true,  true,  false, true,  false",
            "false, true,  true,  true,  false, false"})
    void rotationWhenIssuanceOffThenForcedOff(String issue, String grant, String realmRotate, String clientRotate, boolean issues, boolean rotates) {
        Map<PolicyField, String> realm = new EnumMap<>(PolicyField.class);
        if (issue != null) realm.put(PolicyField.ISSUE_REFRESH_TOKENS, issue);
        if (realmRotate != null) realm.put(PolicyField.ISSUE_REFRESH_TOKENS_ON_REFRESH, realmRotate);
        Map<PolicyField, String> client = clientRotate == null ? Map.of() : Map.of(PolicyField.ISSUE_REFRESH_TOKENS_ON_REFRESH, clientRotate);

        RefreshTokenPolicySettings settings = settings(realm, client, grant);

        assertEquals(issues, settings.issueRefreshTokens());
        assertEquals(rotates, settings.rotateOnRefresh(false));
    }

    @Test
    void effectiveWhenIssuanceOffThenRotationComesFromRule() {
        RefreshTokenPolicySettings settings = settings(Map.of(), Map.of(PolicyField.ISSUE_REFRESH_TOKENS_ON_REFRESH, "true"), "false");

        RefreshTokenPolicySettings.Effective rotation = settings.effective().get("issueRefreshTokensOnRefresh");

        assertEquals(RefreshTokenPolicySettings.Source.RULE, rotation.source());
        assertEquals(false, rotation.value());
        assertEquals(RefreshTokenPolicySettings.Source.CLIENT, settings.effective().get("issueRefreshTokens").source());
        assertEquals(RefreshTokenPolicySettings.Source.CLIENT, settings.effective().get("refreshTokenGrant").source());
    }

    @Test
    void clientJsonWhenNothingOverriddenThenNullsAndGrantDefaultTrue() {
        Map<String, Object> json = settings(Map.of(PolicyField.REUSE_GRACE_PERIOD, "5"), Map.of(), null).clientJson();

        assertEquals(true, json.get("refreshTokenGrant"));
        assertTrue(json.containsKey("reuseGracePeriod"));
        assertEquals(null, json.get("reuseGracePeriod"));
        assertFalse(json.containsKey("issueRefreshTokens"), "a realm-only field is not a client override");
    }

    @Test
    void reuseResponseDefaultsToRevokeGrant() {
        assertEquals(ReuseResponse.REVOKE_GRANT, settings(Map.of(), Map.of(), null).reuseResponse());
        assertEquals(ReuseResponse.REJECT_ONLY, settings(Map.of(PolicyField.REUSE_RESPONSE, "reject-only"), Map.of(), null).reuseResponse());
    }

    private static RefreshTokenPolicySettings settings(Map<PolicyField, String> realm, Map<PolicyField, String> client, String useRefreshTokens) {
        Map<PolicyField, String> validRealm = new EnumMap<>(PolicyField.class);
        realm.forEach((f, v) -> { if (f.isValidStored(v)) validRealm.put(f, v); });
        Map<PolicyField, String> validClient = new EnumMap<>(PolicyField.class);
        client.forEach((f, v) -> { if (f.isValidStored(v)) validClient.put(f, v); });
        return new RefreshTokenPolicySettings(validRealm, validClient,
                new RefreshTokenPolicySettings.ClientTraits(useRefreshTokens, null, false, false));
    }

    private static RefreshTokenPolicySettings publicClient(Map<PolicyField, String> realm, boolean dpopRequired) {
        Map<PolicyField, String> values = new EnumMap<>(PolicyField.class);
        values.putAll(realm);
        return new RefreshTokenPolicySettings(values, Map.of(), new RefreshTokenPolicySettings.ClientTraits(null, null, true, dpopRequired));
    }

    @Test
    void rotateWhenPublicClientThenAlwaysUnlessTokenSenderConstrained() {
        RefreshTokenPolicySettings settings = publicClient(Map.of(PolicyField.ISSUE_REFRESH_TOKENS_ON_REFRESH, "false"), false);

        assertTrue(settings.rotateOnRefresh(false), "RFC 9700 4.14.2");
        assertFalse(settings.rotateOnRefresh(true), "a DPoP-bound token follows the setting");
        assertEquals(RefreshTokenPolicySettings.Source.RULE, settings.effective().get("issueRefreshTokensOnRefresh").source());
        assertEquals(RefreshTokenPolicySettings.Source.REALM,
                publicClient(Map.of(PolicyField.ISSUE_REFRESH_TOKENS_ON_REFRESH, "false"), true).effective().get("issueRefreshTokensOnRefresh").source());
    }

    @Test
    void rotateWhenPublicClientButIssuanceOffThenNever() {
        assertFalse(publicClient(Map.of(PolicyField.ISSUE_REFRESH_TOKENS, "false"), false).rotateOnRefresh(false));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, null, -1", "3600, null, 3600", "3600, 60, 60", "null, -1, -1", "3600, -1, -1", "0, null, -1"})
    void refreshTokenLifetimeWhenClientOverridesRealmThenClientWins(String realm, String client, int expected) {
        RefreshTokenPolicySettings settings = settings(realm == null ? Map.of() : Map.of(PolicyField.REFRESH_TOKEN_LIFETIME, realm),
                client == null ? Map.of() : Map.of(PolicyField.REFRESH_TOKEN_LIFETIME, client), null);

        assertEquals(expected, settings.refreshTokenLifetime());
        assertEquals(-1, settings.offlineRefreshTokenLifetime());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, null, false, default", "null, true, true, client", "false, true, false, rule"})
    void clientCredentialsRefreshTokensOnlyWhenKeycloakOptInAndRealmIssues(String realmIssues, String optIn, boolean expected, String source) {
        Map<PolicyField, String> realm = new EnumMap<>(PolicyField.class);
        if (realmIssues != null) realm.put(PolicyField.ISSUE_REFRESH_TOKENS, realmIssues);
        RefreshTokenPolicySettings settings = new RefreshTokenPolicySettings(realm, Map.of(),
                new RefreshTokenPolicySettings.ClientTraits(null, optIn, false, false));

        RefreshTokenPolicySettings.Effective effective = settings.effective().get("clientCredentialsRefreshTokens");
        assertEquals(expected, effective.value());
        assertEquals(source, effective.source().json());
    }

    @Test
    void withClientChangesWhenOverrideSetOrClearedThenEffectiveFollowsWithoutWriting() {
        RefreshTokenPolicySettings stored = settings(Map.of(PolicyField.REUSE_GRACE_PERIOD, "30"), Map.of(PolicyField.REFRESH_TOKEN_LIFETIME, "60"), null);

        RefreshTokenPolicySettings changed = stored.withClientChanges(Map.of(
                PolicyField.REUSE_GRACE_PERIOD, Optional.of("5"), PolicyField.REFRESH_TOKEN_LIFETIME, Optional.empty()));

        assertEquals(5, changed.reuseGracePeriod());
        assertEquals(-1, changed.refreshTokenLifetime());
        assertEquals(RefreshTokenPolicySettings.Source.DEFAULT, changed.effective().get("refreshTokenLifetime").source());
        assertEquals(60, stored.refreshTokenLifetime(), "the stored settings are unchanged");
        assertTrue(stored.hasClientOverrides());
        assertFalse(stored.withClientChanges(Map.of(PolicyField.REFRESH_TOKEN_LIFETIME, Optional.empty())).hasClientOverrides());
    }
}
