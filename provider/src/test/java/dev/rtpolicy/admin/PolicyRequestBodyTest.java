package dev.rtpolicy.admin;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;

import dev.rtpolicy.settings.PolicyField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The PUT bodies of the admin API: every body it refuses is a 400 whose message names the problem (the field, where
 * there is one), thrown before anything is written.
 */
class PolicyRequestBodyTest {

    private static final String NOT_AN_OBJECT = "Request body must be a JSON object";

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "not json", "{", "{\"reuseGracePeriod\": 5", "{reuseGracePeriod: 5}", "{'reuseGracePeriod': 5}",
            "{\"reuseGracePeriod\": NaN}", "{\"reuseGracePeriod\": 5,}",
            "{\"reuseGracePeriod\": /* comment */ 5}"})
    void bodyWhenNotJsonThenRefused(String body) {
        assertEquals(NOT_AN_OBJECT, refusal(() -> PolicyRequestBody.forRealm(body)));
        assertEquals(NOT_AN_OBJECT, refusal(() -> PolicyRequestBody.forClient(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "[{\"reuseGracePeriod\": 5}]", "42", "\"reuseGracePeriod\"", "true"})
    void bodyWhenJsonButNotAnObjectThenRefused(String body) {
        assertEquals(NOT_AN_OBJECT, refusal(() -> PolicyRequestBody.forRealm(body)));
        assertEquals(NOT_AN_OBJECT, refusal(() -> PolicyRequestBody.forClient(body)));
    }

    @Test
    void bodyWhenLargerThan16KiBThenRefusedAndAtTheLimitAccepted() {
        String atLimit = padded("{\"reuseGracePeriod\": 5}", 16 * 1024);

        assertEquals(Optional.of("5"), PolicyRequestBody.forRealm(atLimit).changes.get(PolicyField.REUSE_GRACE_PERIOD));
        assertEquals("Request body is too large", refusal(() -> PolicyRequestBody.forRealm(atLimit + " ")));
        assertEquals("Request body is too large", refusal(() -> PolicyRequestBody.forClient(atLimit + " ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"noSuchField", "ReuseGracePeriod", "reuse_grace_period", "", "clientCredentialsRefreshTokens"})
    void fieldWhenUnknownThenRefusedByName(String key) {
        String body = "{\"" + key + "\": 5}";

        assertEquals("Unknown field: " + key, refusal(() -> PolicyRequestBody.forRealm(body)));
        assertEquals("Unknown field: " + key, refusal(() -> PolicyRequestBody.forClient(body)));
    }

    @Test
    void fieldWhenUnknownThenRefusedEvenBesideValidOnesAndWithNullValue() {
        assertEquals("Unknown field: other", refusal(() -> PolicyRequestBody.forRealm("{\"reuseGracePeriod\": 5, \"other\": null}")));
    }

    @Test
    void refreshTokenGrantWhenInRealmBodyThenUnknownField() {
        assertEquals("Unknown field: refreshTokenGrant", refusal(() -> PolicyRequestBody.forRealm("{\"refreshTokenGrant\": false}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "true", "null"})
    void issueRefreshTokensWhenInClientBodyThenRefusedAsRealmSetting(String value) {
        assertEquals("issueRefreshTokens is a realm setting and cannot be overridden per client",
                refusal(() -> PolicyRequestBody.forClient("{\"issueRefreshTokens\": " + value + "}")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "issueRefreshTokens          | \"false\"  | issueRefreshTokens must be true or false",
            "issueRefreshTokens          | 0          | issueRefreshTokens must be true or false",
            "issueRefreshTokens          | 1          | issueRefreshTokens must be true or false",
            "issueRefreshTokens          | []         | issueRefreshTokens must be true or false",
            "issueRefreshTokens          | {}         | issueRefreshTokens must be true or false",
            "issueRefreshTokensOnRefresh | \"true\"   | issueRefreshTokensOnRefresh must be true or false",
            "issueRefreshTokensOnRefresh | \"yes\"    | issueRefreshTokensOnRefresh must be true or false",
            "reuseGracePeriod            | \"30\"     | reuseGracePeriod must be a whole number of seconds",
            "reuseGracePeriod            | 1.5        | reuseGracePeriod must be a whole number of seconds",
            "reuseGracePeriod            | 30.0       | reuseGracePeriod must be a whole number of seconds",
            "reuseGracePeriod            | 3e1        | reuseGracePeriod must be a whole number of seconds",
            "reuseGracePeriod            | true       | reuseGracePeriod must be a whole number of seconds",
            "reuseGracePeriod            | [30]       | reuseGracePeriod must be a whole number of seconds",
            "reuseResponse               | 1          | reuseResponse must be one of revoke-grant, revoke-user-session, reject-only",
            "reuseResponse               | true       | reuseResponse must be one of revoke-grant, revoke-user-session, reject-only",
            "reuseResponse               | \"\"       | reuseResponse must be one of revoke-grant, revoke-user-session, reject-only",
            "reuseResponse               | \"REVOKE-GRANT\" | reuseResponse must be one of revoke-grant, revoke-user-session, reject-only",
            "reuseResponse               | \"revoke_grant\" | reuseResponse must be one of revoke-grant, revoke-user-session, reject-only",
            "reuseResponse               | \" revoke-grant\" | reuseResponse must be one of revoke-grant, revoke-user-session, reject-only",
            "reuseResponse               | [\"revoke-grant\"] | reuseResponse must be one of revoke-grant, revoke-user-session, reject-only",
            "refreshTokenLifetime        | \"3600\"   | refreshTokenLifetime must be a whole number of seconds",
            "refreshTokenLifetime        | 3600.5     | refreshTokenLifetime must be a whole number of seconds",
            "offlineRefreshTokenLifetime | false      | offlineRefreshTokenLifetime must be a whole number of seconds"})
    void valueWhenOfTheWrongTypeThenRefusedNamingTheField(String key, String json, String message) {
        String body = "{\"" + key + "\": " + json + "}";

        assertEquals(message, refusal(() -> PolicyRequestBody.forRealm(body)));
        if (PolicyField.byKey(key).orElseThrow().clientOverridable()) {
            assertEquals(message, refusal(() -> PolicyRequestBody.forClient(body)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "\"false\"", "0", "1", "\"null\"", "[]", "{}"})
    void refreshTokenGrantWhenNotABooleanOrNullThenRefused(String json) {
        assertEquals("refreshTokenGrant must be true, false or null",
                refusal(() -> PolicyRequestBody.forClient("{\"refreshTokenGrant\": " + json + "}")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "reuseGracePeriod            | -1                   | reuseGracePeriod must be between 0 and 300",
            "reuseGracePeriod            | 301                  | reuseGracePeriod must be between 0 and 300",
            "reuseGracePeriod            | 2147483648           | reuseGracePeriod must be between 0 and 300",
            "reuseGracePeriod            | -9223372036854775808 | reuseGracePeriod must be between 0 and 300",
            "refreshTokenLifetime        | 0                    | refreshTokenLifetime must be -1 or between 1 and 315360000",
            "refreshTokenLifetime        | -2                   | refreshTokenLifetime must be -1 or between 1 and 315360000",
            "refreshTokenLifetime        | 315360001            | refreshTokenLifetime must be -1 or between 1 and 315360000",
            "refreshTokenLifetime        | 9223372036854775807  | refreshTokenLifetime must be -1 or between 1 and 315360000",
            "offlineRefreshTokenLifetime | 0                    | offlineRefreshTokenLifetime must be -1 or between 1 and 315360000",
            "offlineRefreshTokenLifetime | -2147483649          | offlineRefreshTokenLifetime must be -1 or between 1 and 315360000"})
    void valueWhenOutOfRangeThenRefusedWithTheRange(String key, String json, String message) {
        String body = "{\"" + key + "\": " + json + "}";

        assertEquals(message, refusal(() -> PolicyRequestBody.forRealm(body)));
        assertEquals(message, refusal(() -> PolicyRequestBody.forClient(body)));
    }

    /** Beyond a long, Jackson reads a BigInteger or a double: not a whole number of seconds the API can store. */
    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "99999999999999999999", "-99999999999999999999", "1e30", "1E400",
            "123456789012345678901234567890123456789012345678901234567890"})
    void valueWhenHugeNumberThenRefusedAsNotAWholeNumberOfSeconds(String json) {
        assertEquals("reuseGracePeriod must be a whole number of seconds",
                refusal(() -> PolicyRequestBody.forRealm("{\"reuseGracePeriod\": " + json + "}")));
        assertEquals("refreshTokenLifetime must be a whole number of seconds",
                refusal(() -> PolicyRequestBody.forClient("{\"refreshTokenLifetime\": " + json + "}")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "reuseGracePeriod            | 0         | 0",
            "reuseGracePeriod            | 300       | 300",
            "refreshTokenLifetime        | -1        | -1",
            "refreshTokenLifetime        | 1         | 1",
            "refreshTokenLifetime        | 315360000 | 315360000",
            "offlineRefreshTokenLifetime | -1        | -1",
            "reuseResponse               | \"reject-only\" | reject-only",
            "issueRefreshTokensOnRefresh | false     | false"})
    void valueWhenAtTheEdgeOfItsRangeThenAcceptedInItsStoredForm(String key, String json, String stored) {
        String body = "{\"" + key + "\": " + json + "}";
        PolicyField field = PolicyField.byKey(key).orElseThrow();

        assertEquals(Map.of(field, Optional.of(stored)), PolicyRequestBody.forRealm(body).changes);
        assertEquals(Map.of(field, Optional.of(stored)), PolicyRequestBody.forClient(body).changes);
    }

    @Test
    void valueWhenNullThenResetToDefaultOrInherit() {
        PolicyRequestBody realm = PolicyRequestBody.forRealm("{\"issueRefreshTokens\": null, \"reuseGracePeriod\": null, \"reuseResponse\": null}");
        PolicyRequestBody client = PolicyRequestBody.forClient("{\"reuseGracePeriod\": null, \"refreshTokenLifetime\": null}");

        assertEquals(Map.of(PolicyField.ISSUE_REFRESH_TOKENS, Optional.empty(), PolicyField.REUSE_GRACE_PERIOD, Optional.empty(),
                PolicyField.REUSE_RESPONSE, Optional.empty()), realm.changes);
        assertEquals(Map.of(PolicyField.REUSE_GRACE_PERIOD, Optional.empty(), PolicyField.REFRESH_TOKEN_LIFETIME, Optional.empty()), client.changes);
        assertEquals(Optional.empty(), client.refreshTokenGrant, "not named: left as it is");
    }

    @Test
    void refreshTokenGrantWhenNamedThenBooleanOrNullForKeycloaksDefault() {
        assertEquals(Optional.of(Optional.of(false)), PolicyRequestBody.forClient("{\"refreshTokenGrant\": false}").refreshTokenGrant);
        assertEquals(Optional.of(Optional.of(true)), PolicyRequestBody.forClient("{\"refreshTokenGrant\": true}").refreshTokenGrant);
        assertEquals(Optional.of(Optional.empty()), PolicyRequestBody.forClient("{\"refreshTokenGrant\": null}").refreshTokenGrant);
        assertEquals(Map.of(), PolicyRequestBody.forClient("{\"refreshTokenGrant\": null}").changes);
    }

    @Test
    void emptyObjectThenNoChanges() {
        assertEquals(Map.of(), PolicyRequestBody.forRealm("{}").changes);
        assertEquals(Map.of(), PolicyRequestBody.forClient(" { } ").changes);
        assertEquals(Optional.empty(), PolicyRequestBody.forClient("{}").refreshTokenGrant);
    }

    @Test
    void oneBadFieldAmongGoodOnesThenTheWholeBodyIsRefused() {
        assertEquals("reuseGracePeriod must be between 0 and 300", refusal(() -> PolicyRequestBody.forRealm(
                "{\"issueRefreshTokens\": false, \"reuseResponse\": \"reject-only\", \"reuseGracePeriod\": 301}")));
    }

    /** RFC 8259 §4 leaves duplicate names to the parser: a body that names a field twice is refused, whatever the values. */
    @Test
    void duplicateFieldThenRefusedWhateverTheValues() {
        assertEquals("Request body names a field more than once",
                refusal(() -> PolicyRequestBody.forRealm("{\"reuseGracePeriod\": 301, \"reuseGracePeriod\": 5}")));
        assertEquals("Request body names a field more than once",
                refusal(() -> PolicyRequestBody.forRealm("{\"reuseGracePeriod\": 5, \"reuseGracePeriod\": 5}")));
        assertEquals("Request body names a field more than once",
                refusal(() -> PolicyRequestBody.forClient("{\"refreshTokenGrant\": true, \"refreshTokenGrant\": false}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"reuseGracePeriod\": 5} {\"reuseGracePeriod\": 6}", "{\"reuseGracePeriod\": 5} x", "{\"reuseGracePeriod\": 5}]"})
    void contentAfterTheObjectThenRefused(String body) {
        assertEquals("Request body must be a JSON object", refusal(() -> PolicyRequestBody.forRealm(body)));
    }

    /** The 400 and its {@code errorMessage}, as the admin API answers them. */
    private static String refusal(Executable parse) {
        ErrorResponseException refused = assertThrows(ErrorResponseException.class, parse);
        Response response = refused.getResponse();
        assertEquals(400, response.getStatus());
        return ((ErrorRepresentation) response.getEntity()).getErrorMessage();
    }

    private static String padded(String json, int length) {
        return json + " ".repeat(length - json.length());
    }
}
