package dev.rtpolicy.it;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * draft-ietf-oauth-refresh-token-expiration-02 on the real server: {@code refresh_token_timeout} and
 * {@code authorization_expires_in} in every token response with a refresh token (and for the kept token of a refresh
 * with rotation off), each never beyond what the server enforces; the metadata; the deprecated alias; and
 * {@code authorizationLifetime}, the family's absolute lifetime, online and offline.
 */
class TokenExpirationIT extends ServerTestBase {

    private static final int SSO_IDLE_DEFAULT = 1800;
    private static final int SSO_MAX_DEFAULT = 36000;
    private static final int OFFLINE_IDLE_DEFAULT = 2_592_000;
    private static final List<String> TYPES = List.of("token_timeout", "authorization");

    // ---- the response parameters ----------------------------------------------------------------------------------

    @Test
    void loginWhenNoLifetimesSetThenTimeoutIsKeycloaksRefreshExpiresInAndAuthorizationEndsWithTheSession() {
        JsonNode tokens = login(createRealm("flows.json", "{}"), null);

        assertEquals(tokens.get("refresh_expires_in").asLong(), tokens.get("refresh_token_timeout").asLong());
        assertAbout(SSO_IDLE_DEFAULT, tokens.get("refresh_token_timeout"));
        assertAbout(SSO_MAX_DEFAULT, tokens.get("authorization_expires_in"));
        assertEquals(tokens.get("refresh_expires_in"), tokens.get("refresh_token_expires_in"), "the deprecated alias, still on by default");
    }

    @ParameterizedTest
    @EnumSource(IssuanceInEveryFlowIT.Flow.class)
    void everyFlowIssuingARefreshTokenCarriesBothParameters(IssuanceInEveryFlowIT.Flow flow) {
        String realm = createRealm("flows.json", "{\"authorizationLifetime\": 600}");

        JsonNode tokens = ok(flow.obtain.apply(new OAuthClient(server, realm, flow.clientId, flow.secret)));

        assertTrue(tokens.has("refresh_token"), tokens.toString());
        assertEquals(tokens.get("refresh_expires_in").asLong(), tokens.get("refresh_token_timeout").asLong(), tokens.toString());
        assertAbout(600, tokens.get("authorization_expires_in"));
        assertTrue(tokens.get("refresh_token_timeout").asLong() <= tokens.get("authorization_expires_in").asLong(), tokens.toString());
    }

    @Test
    void refreshWhenRefreshTokenTimeoutPassedThenInvalidGrant() throws InterruptedException {
        OAuthClient client = web(createRealm("flows.json", "{\"refreshTokenLifetime\": 3}"));
        JsonNode tokens = ok(client.password("alice", "alice-password", null));
        assertAbout(3, tokens.get("refresh_token_timeout"));
        assertTrue(tokens.get("authorization_expires_in").asLong() > 3, tokens.toString());

        waitPast(tokens.get("refresh_token_timeout"));

        assertOAuthError(400, "invalid_grant", client.refresh(tokens.get("refresh_token").asText(), null));
    }

    @Test
    void refreshWhenRotationOffThenResponseCarriesBothParametersForThePresentedToken() {
        OAuthClient client = web(createRealm("flows.json", "{\"issueRefreshTokensOnRefresh\": false, \"authorizationLifetime\": 600}"));
        JsonNode tokens = ok(client.password("alice", "alice-password", null));

        JsonNode refreshed = ok(client.refresh(tokens.get("refresh_token").asText(), null));

        assertNull(refreshed.get("refresh_token"), "rotation is off");
        assertNull(refreshed.get("refresh_token_expires_in"), "the alias only ever accompanies a refresh token");
        assertAbout(600, refreshed.get("refresh_token_timeout"));
        assertAbout(600, refreshed.get("authorization_expires_in"));
        assertEquals(600, Jwt.lifetime(tokens.get("refresh_token").asText()), "the kept token's exp is the family's end");
    }

    @Test
    void refreshWhenRotationOffAndTimeoutPassedThenInvalidGrant() throws InterruptedException {
        OAuthClient client = web(createRealm("flows.json", "{\"issueRefreshTokensOnRefresh\": false, \"refreshTokenLifetime\": 3}"));
        String refreshToken = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        JsonNode refreshed = ok(client.refresh(refreshToken, null));
        assertAbout(3, refreshed.get("refresh_token_timeout"));

        waitPast(refreshed.get("refresh_token_timeout"));

        assertOAuthError(400, "invalid_grant", client.refresh(refreshToken, null));
    }

    @Test
    void deprecatedAliasWhenTurnedOffThenOnlyTheDraftsParameters() {
        JsonNode tokens = login(createRealm("flows.json", "{\"deprecatedRefreshTokenExpiresIn\": false}"), null);

        assertNull(tokens.get("refresh_token_expires_in"));
        assertEquals(tokens.get("refresh_expires_in").asLong(), tokens.get("refresh_token_timeout").asLong());
        assertTrue(tokens.has("authorization_expires_in"));
    }

    // ---- authorizationLifetime ---------------------------------------------------------------------------------------

    @Test
    void refreshWhenRotatingThenSuccessorKeepsTheFamilysEndAndAfterItInvalidGrant() throws InterruptedException {
        OAuthClient client = web(createRealm("flows.json", "{\"authorizationLifetime\": 4}"));
        JsonNode first = ok(client.password("alice", "alice-password", null));
        assertAbout(4, first.get("authorization_expires_in"));
        assertAbout(4, first.get("refresh_token_timeout"));
        long familyEnd = Jwt.claims(first.get("refresh_token").asText()).get("exp").asLong();

        JsonNode second = ok(client.refresh(first.get("refresh_token").asText(), null));

        assertEquals(familyEnd, Jwt.claims(second.get("refresh_token").asText()).get("exp").asLong(), "rotation never extends the family");
        assertTrue(second.get("authorization_expires_in").asLong() <= first.get("authorization_expires_in").asLong(), second.toString());
        assertTrue(second.get("refresh_token_timeout").asLong() <= second.get("authorization_expires_in").asLong(), second.toString());
        waitPast(second.get("authorization_expires_in"));
        assertOAuthError(400, "invalid_grant", client.refresh(second.get("refresh_token").asText(), null));
    }

    @Test
    void graceRetryGetsTheSameSuccessorWithTheSameCap() {
        OAuthClient client = web(createRealm("flows.json", "{\"authorizationLifetime\": 120, \"reuseGracePeriod\": 60}"));
        JsonNode first = ok(client.password("alice", "alice-password", null));
        long familyEnd = Jwt.claims(first.get("refresh_token").asText()).get("exp").asLong();

        JsonNode rotated = ok(client.refresh(first.get("refresh_token").asText(), null));
        JsonNode retried = ok(client.refresh(first.get("refresh_token").asText(), null));

        JsonNode successor = Jwt.claims(rotated.get("refresh_token").asText());
        JsonNode again = Jwt.claims(retried.get("refresh_token").asText());
        assertEquals(successor.get("jti"), again.get("jti"), "a grace retry");
        assertEquals(familyEnd, successor.get("exp").asLong());
        assertEquals(familyEnd, again.get("exp").asLong());
        assertTrue(retried.get("authorization_expires_in").asLong() <= 120, retried.toString());
    }

    @Test
    void refreshWhenRotationOffAndLifetimeSetAfterIssuanceThenTheKeptTokenStopsAtTheFamilysEnd() throws InterruptedException {
        String realm = createRealm("flows.json", "{\"issueRefreshTokensOnRefresh\": false}");
        OAuthClient client = web(realm);
        long loggedInAt = System.currentTimeMillis();
        String refreshToken = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        assertAbout(SSO_MAX_DEFAULT, Jwt.lifetime(refreshToken), "issued before the lifetime was set: exp is the session's maximum");

        admin.setClientPolicy(realm, "webClient", "{\"authorizationLifetime\": 3}");
        Thread.sleep(Math.max(0, loggedInAt + 4_500 - System.currentTimeMillis()));

        Http.Response refused = client.refresh(refreshToken, null);
        assertOAuthError(400, "invalid_grant", refused);
        assertEquals("Authorization lifetime expired", refused.json().get("error_description").asText());
        assertFalse(client.introspect(refreshToken, "refresh_token").json().get("active").asBoolean(), "introspection agrees");
    }

    @Test
    void offlineTokenWhenAuthorizationLifetimeThenCappedAnnouncedAndEnforced() throws InterruptedException {
        OAuthClient client = web(createRealm("flows.json", "{\"authorizationLifetime\": 4}"));
        JsonNode first = ok(client.password("alice", "alice-password", "offline_access"));
        assertEquals("Offline", Jwt.claims(first.get("refresh_token").asText()).get("typ").asText());
        assertAbout(4, Jwt.lifetime(first.get("refresh_token").asText()), "an offline token without Keycloak's maximum gets the family's end");
        assertAbout(4, first.get("authorization_expires_in"));

        JsonNode second = ok(client.refresh(first.get("refresh_token").asText(), null));
        assertEquals(Jwt.claims(first.get("refresh_token").asText()).get("exp"), Jwt.claims(second.get("refresh_token").asText()).get("exp"));

        waitPast(second.get("authorization_expires_in"));
        assertOAuthError(400, "invalid_grant", client.refresh(second.get("refresh_token").asText(), null));
    }

    @Test
    void offlineTokenWithoutLimitsThenNoAuthorizationExpiresInAndTimeoutIsTheOfflineIdle() {
        JsonNode tokens = login(createRealm("flows.json", "{}"), "offline_access");

        assertFalse(Jwt.claims(tokens.get("refresh_token").asText()).has("exp"));
        assertNull(tokens.get("authorization_expires_in"), "unbounded: omitted, as the draft says");
        assertAbout(OFFLINE_IDLE_DEFAULT, tokens.get("refresh_token_timeout"));
    }

    @Test
    void authorizationLifetimeRoundTripsThroughTheAdminApiWithSources() {
        String realm = createRealm("flows.json", "{\"authorizationLifetime\": 600}");
        String client = "/" + realm + "/refresh-token-policy/clients/" + admin.clientUuid(realm, "webClient");

        assertEquals(600, admin.policy(realm).get("authorizationLifetime").asInt());
        JsonNode inherited = Admin.expect(200, admin.get(client + "/effective")).json().get("authorizationLifetime");
        assertEquals(600, inherited.get("value").asInt());
        assertEquals("realm", inherited.get("source").asText());
        admin.setClientPolicy(realm, "webClient", "{\"authorizationLifetime\": -1}");
        JsonNode overridden = Admin.expect(200, admin.get(client + "/effective")).json().get("authorizationLifetime");
        assertEquals(-1, overridden.get("value").asInt());
        assertEquals("client", overridden.get("source").asText());
        assertAbout(SSO_MAX_DEFAULT, login(realm, null).get("authorization_expires_in"));
        Http.Response refused = admin.put(client, "{\"authorizationLifetime\": 0}");
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.json().get("errorMessage").asText().contains("authorizationLifetime"), refused.body());
    }

    @Test
    void realmJsonWhenImportedThenRealmDefaultClientOverrideAndAliasSettingApply() {
        String realm = admin.createRealm("expiry-import.json");

        assertEquals(300, admin.policy(realm).get("authorizationLifetime").asInt());
        assertFalse(admin.policy(realm).get("deprecatedRefreshTokenExpiresIn").asBoolean());
        JsonNode tokens = login(realm, null);
        assertAbout(60, tokens.get("authorization_expires_in"));
        assertNull(tokens.get("refresh_token_expires_in"));
    }

    @Test
    void umaRequestingPartyTokenCarriesBothParameters() {
        String realm = admin.createRealm("uma-exchange.json");
        admin.setPolicy(realm, "{\"authorizationLifetime\": 600}");
        OAuthClient app = new OAuthClient(server, realm, "app", "app-secret");

        JsonNode rpt = ok(app.uma("api", ok(app.password("alice", "alice-password", null)).get("access_token").asText()));

        assertTrue(rpt.has("refresh_token"), rpt.toString());
        assertEquals(rpt.get("refresh_expires_in").asLong(), rpt.get("refresh_token_timeout").asLong(), rpt.toString());
        assertAbout(600, rpt.get("authorization_expires_in"));
    }

    @Test
    void loginWhenRotationOffThenTimeoutIsTheIdleEndWhileTheTokenLivesToTheSessionMaximum() {
        JsonNode tokens = login(createRealm("flows.json", "{\"issueRefreshTokensOnRefresh\": false}"), null);

        assertAbout(SSO_MAX_DEFAULT, tokens.get("refresh_expires_in"));
        assertAbout(SSO_IDLE_DEFAULT, tokens.get("refresh_token_timeout"));
        assertAbout(SSO_MAX_DEFAULT, tokens.get("authorization_expires_in"));
    }

    // ---- a client library ----------------------------------------------------------------------------------------------

    @Test
    void nimbusParsesTheResponsesAndReadsTheNewParameters() throws Exception {
        OAuthClient client = web(createRealm("flows.json", "{\"authorizationLifetime\": 600, \"deprecatedRefreshTokenExpiresIn\": false}"));
        Http.Response login = client.password("alice", "alice-password", null);

        AccessTokenResponse parsed = TokenResponse.parse(JSONObjectUtils.parse(login.body())).toSuccessResponse();
        AccessTokenResponse refreshed = TokenResponse.parse(JSONObjectUtils.parse(
                client.refresh(parsed.getTokens().getRefreshToken().getValue(), null).body())).toSuccessResponse();

        for (AccessTokenResponse response : List.of(parsed, refreshed)) {
            Map<String, Object> custom = response.getCustomParameters();
            assertTrue(((Number) custom.get("refresh_token_timeout")).longValue() <= 600, custom.toString());
            assertTrue(((Number) custom.get("authorization_expires_in")).longValue() > 590, custom.toString());
            assertFalse(custom.containsKey("refresh_token_expires_in"), custom.toString());
            assertTrue(response.getTokens().getRefreshToken() != null);
        }
    }

    // ---- metadata ------------------------------------------------------------------------------------------------------

    @Test
    void metadataDeclaresTheExpirationTypesAtEveryWellKnownAddress() throws Exception {
        String realm = createRealm("flows.json", "{}");
        Http http = Http.plain();
        String openid = server.baseUrl() + "/realms/" + realm + "/.well-known/openid-configuration";
        String oauth = server.baseUrl() + "/realms/" + realm + "/.well-known/oauth-authorization-server";
        String rfc8414 = server.baseUrl() + "/.well-known/oauth-authorization-server/realms/" + realm;

        OIDCProviderMetadata oidc = OIDCProviderMetadata.parse(ok(http.get(openid, null)).toString());
        assertEquals(TYPES, oidc.getCustomParameter("refresh_token_expiration_types_supported"));
        assertEquals(server.baseUrl() + "/realms/" + realm, oidc.getIssuer().getValue(), "Keycloak's own document, decorated");
        assertTrue(oidc.getTokenEndpointURI().toString().endsWith("/protocol/openid-connect/token"));
        for (String url : List.of(oauth, rfc8414)) {
            AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(ok(http.get(url, null)).toString());
            assertEquals(TYPES, metadata.getCustomParameter("refresh_token_expiration_types_supported"), url);
            assertEquals(oidc.getTokenEndpointURI(), metadata.getTokenEndpointURI(), url);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------------

    private static OAuthClient web(String realm) {
        return new OAuthClient(server, realm, "webClient", "web-secret");
    }

    private static JsonNode login(String realm, String scope) {
        return ok(web(realm).password("alice", "alice-password", scope));
    }

    /** The value is {@code expected} less the second or two that passed since the server computed it. */
    private static void assertAbout(long expected, JsonNode value) {
        assertTrue(value != null && value.isNumber(), String.valueOf(value));
        assertAbout(expected, value.asLong(), "");
    }

    private static void assertAbout(long expected, long value, String message) {
        assertTrue(value <= expected && value >= expected - 2, value + " is not about " + expected + " " + message);
    }

    /** Waits until the announced number of seconds has passed, plus Keycloak's whole-second rounding. */
    private static void waitPast(JsonNode seconds) throws InterruptedException {
        Thread.sleep(seconds.asLong() * 1000 + 1_500);
    }
}
