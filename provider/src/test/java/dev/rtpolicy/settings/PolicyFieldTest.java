package dev.rtpolicy.settings;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyFieldTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(PolicyField.ISSUE_REFRESH_TOKENS, false, "false"),
                Arguments.of(PolicyField.ISSUE_REFRESH_TOKENS_ON_REFRESH, true, "true"),
                Arguments.of(PolicyField.REUSE_GRACE_PERIOD, 0, "0"),
                Arguments.of(PolicyField.REUSE_GRACE_PERIOD, 300, "300"),
                Arguments.of(PolicyField.REUSE_GRACE_PERIOD, 42L, "42"),
                Arguments.of(PolicyField.REUSE_RESPONSE, "reject-only", "reject-only"),
                Arguments.of(PolicyField.REUSE_RESPONSE, "revoke-user-session", "revoke-user-session"),
                Arguments.of(PolicyField.REFRESH_TOKEN_LIFETIME, -1, "-1"),
                Arguments.of(PolicyField.REFRESH_TOKEN_LIFETIME, 1, "1"),
                Arguments.of(PolicyField.OFFLINE_REFRESH_TOKEN_LIFETIME, 315360000, "315360000"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parseWhenValidThenCanonicalStoredForm(PolicyField field, Object json, String stored) {
        assertEquals(stored, field.parse(json));
        assertEquals(json instanceof Long l ? l.intValue() : json, field.toJson(stored));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(PolicyField.ISSUE_REFRESH_TOKENS, "true"),
                Arguments.of(PolicyField.ISSUE_REFRESH_TOKENS, 1),
                Arguments.of(PolicyField.REUSE_GRACE_PERIOD, -1),
                Arguments.of(PolicyField.REUSE_GRACE_PERIOD, 301),
                Arguments.of(PolicyField.REUSE_GRACE_PERIOD, 1.5),
                Arguments.of(PolicyField.REUSE_GRACE_PERIOD, "30"),
                Arguments.of(PolicyField.REUSE_GRACE_PERIOD, new java.math.BigInteger("99999999999999999999")),
                Arguments.of(PolicyField.REUSE_RESPONSE, "REVOKE-GRANT"),
                Arguments.of(PolicyField.REUSE_RESPONSE, true),
                Arguments.of(PolicyField.REFRESH_TOKEN_LIFETIME, 0),
                Arguments.of(PolicyField.REFRESH_TOKEN_LIFETIME, -2),
                Arguments.of(PolicyField.OFFLINE_REFRESH_TOKEN_LIFETIME, 315360001L),
                Arguments.of(PolicyField.OFFLINE_REFRESH_TOKEN_LIFETIME, "-1"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void parseWhenInvalidThenMessageNamesTheField(PolicyField field, Object json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> field.parse(json));
        assertTrue(e.getMessage().startsWith(field.key()), e.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "ISSUE_REFRESH_TOKENS, true, true", "ISSUE_REFRESH_TOKENS, false, false", "REUSE_GRACE_PERIOD, ' 30 ', 30",
            "REFRESH_TOKEN_LIFETIME, -1, -1", "REUSE_RESPONSE, reject-only, reject-only"})
    void parseTextWhenFormValueValidThenStoredForm(PolicyField field, String text, String stored) {
        assertEquals(stored, field.parseText(text));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"ISSUE_REFRESH_TOKENS, yes", "REUSE_GRACE_PERIOD, abc", "REUSE_GRACE_PERIOD, 301",
            "REFRESH_TOKEN_LIFETIME, 0", "REUSE_RESPONSE, revoke"})
    void parseTextWhenFormValueInvalidThenMessageNamesTheField(PolicyField field, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> field.parseText(text));
        assertTrue(e.getMessage().startsWith(field.key()), e.getMessage());
    }

    @Test
    void toJsonWhenStoredValueGarbageThenDefault() {
        assertEquals(0, PolicyField.REUSE_GRACE_PERIOD.toJson("x"));
        assertEquals(true, PolicyField.ISSUE_REFRESH_TOKENS.toJson("yes"));
        assertEquals("revoke-grant", PolicyField.REUSE_RESPONSE.toJson(null));
    }

    @Test
    void onlyIssueRefreshTokensTheDeprecatedAliasAndRevocationTriggersAreRealmOnly() {
        assertEquals(java.util.List.of(PolicyField.ISSUE_REFRESH_TOKENS, PolicyField.DEPRECATED_REFRESH_TOKEN_EXPIRES_IN, PolicyField.REVOKE_REFRESH_TOKENS_ON),
                Stream.of(PolicyField.values()).filter(f -> !f.clientOverridable()).toList());
    }

    @Test
    void authorizationLifetimeIsValidatedLikeTheOtherLifetimes() {
        assertEquals("-1", PolicyField.AUTHORIZATION_LIFETIME.parse(-1));
        assertEquals("5", PolicyField.AUTHORIZATION_LIFETIME.parse(5));
        assertEquals("-1", PolicyField.AUTHORIZATION_LIFETIME.defaultValue());
        for (Object bad : new Object[] {0, -2, 315_360_001L, "60", 1.5, true}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicyField.AUTHORIZATION_LIFETIME.parse(bad));
            assertTrue(e.getMessage().startsWith("authorizationLifetime"), e.getMessage());
        }
    }

    @Test
    void revokeRefreshTokensOnIsASetOfKnownTriggersStoredCanonically() {
        PolicyField field = PolicyField.REVOKE_REFRESH_TOKENS_ON;

        assertEquals("[]", field.defaultValue());
        assertEquals(java.util.List.of(), field.toJson("[]"));
        assertEquals("[password-change, user-disabled]", field.parse(java.util.List.of("user-disabled", "password-change", "user-disabled")));
        assertEquals("[credential-removed, identity-provider-unlinked]", field.parseText(" identity-provider-unlinked, credential-removed "));
        assertEquals("[password-change, user-disabled]", field.parseText("[password-change, user-disabled]"), "as a console form shows the list");
        assertEquals("[]", field.parseText("[]"));
        assertEquals(java.util.List.of("password-change", "user-disabled"), field.toJson("[password-change, user-disabled]"));
        assertEquals(java.util.List.of("password-change", "user-disabled"), field.toJson("password-change,user-disabled"), "hand-written realm JSON");
        assertEquals(java.util.List.of(), field.toJson("[password-change, bogus]"), "an unreadable stored value reads as the default");
        for (Object bad : new Object[] {"password-change", java.util.List.of("logout"), java.util.List.of(1), true}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> field.parse(bad));
            assertTrue(e.getMessage().startsWith("revokeRefreshTokensOn must be a list of password-change"), e.getMessage());
        }
    }
}
