package dev.rtpolicy.it;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two grants that decide about refresh tokens from the client model itself: UMA ({@code uma-ticket}, requesting
 * party tokens for the resource server {@code api}) and token exchange v1 (preview feature {@code token-exchange},
 * which defaults to a refresh token when no {@code requested_token_type} is given). Realm {@code uma-exchange.json}
 * has Keycloak's own default client scopes.
 */
class UmaAndTokenExchangeIssuanceIT extends ServerTestBase {

    private static final String UMA_RESOURCE_SERVER = "api";
    private static final String REFRESH_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:refresh_token";
    private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    /** Claims that differ between any two tokens minted at different moments. */
    private static final Set<String> PER_TOKEN_CLAIMS = Set.of("jti", "iat", "exp");

    // ---- UMA ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"app, realm-switch-off", "app, client-grant-off", "spa, realm-switch-off", "spa, client-grant-off"})
    void umaWhenNoRefreshTokensThenNoRefreshTokenAndResponseOtherwiseUnchanged(String clientId, String setting) {
        String realm = admin.createRealm("uma-exchange.json");
        OAuthClient client = client(realm, clientId);
        String userToken = userAccessToken(client);
        JsonNode withRefreshToken = ok(client.uma(UMA_RESOURCE_SERVER, userToken));
        assertNotNull(withRefreshToken.get("refresh_token"), withRefreshToken.toString());
        assertNotNull(withRefreshToken.get("refresh_token_timeout"), "draft-ietf-oauth-refresh-token-expiration-02: " + withRefreshToken);

        turnOff(realm, clientId, setting);
        JsonNode without = ok(client.uma(UMA_RESOURCE_SERVER, userToken));

        assertNull(without.get("refresh_token"), without.toString());
        assertEquals(0, without.get("refresh_expires_in").asLong());
        assertNull(without.get("refresh_token_expires_in"));
        ObjectNode expected = withRefreshToken.deepCopy();
        expected.remove(List.of("refresh_token", "refresh_token_expires_in", "refresh_token_timeout", "authorization_expires_in"));
        expected.put("refresh_expires_in", 0);
        assertSameExceptAccessToken(expected, without);
        assertSameClaims(Jwt.claims(withRefreshToken.get("access_token").asText()), Jwt.claims(without.get("access_token").asText()));
    }

    @Test
    void umaWhenRealmSwitchOffThenAnsweredAsKeycloakAnswersAClientWithoutRefreshTokens() {
        String realm = admin.createRealm("uma-exchange.json");
        OAuthClient app = client(realm, "app");
        String userToken = userAccessToken(app);
        admin.setClientPolicy(realm, "app", "{\"refreshTokenGrant\": false}");
        JsonNode keycloaks = ok(app.uma(UMA_RESOURCE_SERVER, userToken));

        admin.setClientPolicy(realm, "app", "{\"refreshTokenGrant\": true}");
        admin.setPolicy(realm, "{\"issueRefreshTokens\": false}");
        JsonNode ours = ok(app.uma(UMA_RESOURCE_SERVER, userToken));

        assertSameExceptAccessToken(keycloaks, ours);
        assertSameClaims(Jwt.claims(keycloaks.get("access_token").asText()), Jwt.claims(ours.get("access_token").asText()));
    }

    @Test
    void umaRefreshTokenWhenBothOnThenPolicyLifetimeRotationAndReuseDetection() {
        String realm = admin.createRealm("uma-exchange.json");
        admin.setPolicy(realm, "{\"refreshTokenLifetime\": 120}");
        OAuthClient app = client(realm, "app");

        JsonNode rpt = ok(app.uma(UMA_RESOURCE_SERVER, userAccessToken(app)));

        String first = rpt.get("refresh_token").asText();
        JsonNode firstClaims = Jwt.claims(first);
        assertEquals("app", firstClaims.get("azp").asText());
        assertEquals(firstClaims.get("jti").asText(), firstClaims.get("rt_family").asText(), "a new family starts with the UMA grant");
        assertEquals(120, firstClaims.get("exp").asLong() - firstClaims.get("iat").asLong());
        assertEquals(rpt.get("refresh_expires_in").asLong(), rpt.get("refresh_token_expires_in").asLong());

        JsonNode refreshed = ok(app.refresh(first, null));

        String second = refreshed.get("refresh_token").asText();
        JsonNode secondClaims = Jwt.claims(second);
        assertNotEquals(firstClaims.get("jti").asText(), secondClaims.get("jti").asText());
        assertEquals(firstClaims.get("rt_family").asText(), secondClaims.get("rt_family").asText());
        assertEquals(120, secondClaims.get("exp").asLong() - secondClaims.get("iat").asLong());
        assertEquals(Jwt.claims(rpt.get("access_token").asText()).get("authorization"), Jwt.claims(refreshed.get("access_token").asText()).get("authorization"),
                "the refreshed requesting party token keeps its permissions");

        Http.Response replay = app.refresh(first, null);
        assertOAuthError(400, "invalid_grant", replay);
        assertEquals("Refresh token reuse detected", replay.json().get("error_description").asText());
        assertOAuthError(400, "invalid_grant", app.refresh(second, null));
    }

    @Test
    void umaRefreshTokenOfPublicClientWhenRotationOffThenStillRotated() {
        String realm = admin.createRealm("uma-exchange.json");
        admin.setPolicy(realm, "{\"issueRefreshTokensOnRefresh\": false, \"refreshTokenLifetime\": 120}");
        OAuthClient spa = client(realm, "spa");

        String first = ok(spa.uma(UMA_RESOURCE_SERVER, userAccessToken(spa))).get("refresh_token").asText();
        assertEquals(120, Jwt.claims(first).get("exp").asLong() - Jwt.claims(first).get("iat").asLong());

        String second = ok(spa.refresh(first, null)).get("refresh_token").asText();

        assertEquals(Jwt.claims(first).get("rt_family").asText(), Jwt.claims(second).get("rt_family").asText());
        assertOAuthError(400, "invalid_grant", spa.refresh(first, null));
    }

    // ---- token exchange -------------------------------------------------------------------------------------

    @Test
    void tokenExchangeV1WithoutRequestedTokenTypeWhenBothOnThenRefreshToken() {
        String realm = admin.createRealm("uma-exchange.json");
        OAuthClient legacy = client(realm, "legacy");

        JsonNode tokens = ok(legacy.exchange(userAccessToken(legacy)));

        assertEquals(REFRESH_TOKEN_TYPE, tokens.get("issued_token_type").asText(), "token exchange v1 answers the request");
        assertNotNull(tokens.get("refresh_token"));
        assertEquals("legacy", Jwt.claims(tokens.get("refresh_token").asText()).get("azp").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"realm-switch-off", "client-grant-off"})
    void tokenExchangeV1WithoutRequestedTokenTypeWhenNoRefreshTokensThenAccessTokenOnly(String setting) {
        String realm = admin.createRealm("uma-exchange.json");
        OAuthClient legacy = client(realm, "legacy");
        String userToken = userAccessToken(legacy);
        turnOff(realm, "legacy", setting);

        JsonNode tokens = ok(legacy.exchange(userToken));

        assertEquals(ACCESS_TOKEN_TYPE, tokens.get("issued_token_type").asText());
        assertNull(tokens.get("refresh_token"), tokens.toString());
        assertEquals(0, tokens.get("refresh_expires_in").asLong());
        assertEquals("legacy", Jwt.claims(tokens.get("access_token").asText()).get("azp").asText());
    }

    @Test
    void tokenExchangeV1WhenRealmSwitchOffThenAnsweredAsKeycloakAnswersAClientWithoutRefreshTokens() {
        String realm = admin.createRealm("uma-exchange.json");
        OAuthClient legacy = client(realm, "legacy");
        String userToken = userAccessToken(legacy);
        admin.setClientPolicy(realm, "legacy", "{\"refreshTokenGrant\": false}");
        JsonNode keycloaks = ok(legacy.exchange(userToken));

        admin.setClientPolicy(realm, "legacy", "{\"refreshTokenGrant\": true}");
        admin.setPolicy(realm, "{\"issueRefreshTokens\": false}");
        JsonNode ours = ok(legacy.exchange(userToken));

        assertSameExceptAccessToken(keycloaks, ours);
        assertSameClaims(Jwt.claims(keycloaks.get("access_token").asText()), Jwt.claims(ours.get("access_token").asText()));
    }

    @ParameterizedTest
    @CsvSource({"both-on, urn:ietf:params:oauth:token-type:refresh_token", "client-grant-off, urn:ietf:params:oauth:token-type:access_token"})
    void tokenExchangeV1RequestingRefreshTokenThenKeycloaksOwnAnswer(String setting, String issuedTokenType) {
        String realm = admin.createRealm("uma-exchange.json");
        OAuthClient legacy = client(realm, "legacy");
        String userToken = userAccessToken(legacy);
        turnOff(realm, "legacy", setting);

        JsonNode tokens = ok(legacy.exchangeForRefreshToken(userToken));

        assertEquals(issuedTokenType, tokens.get("issued_token_type").asText());
        assertEquals(issuedTokenType.equals(REFRESH_TOKEN_TYPE), tokens.has("refresh_token"), tokens.toString());
    }

    @Test
    void tokenExchangeV1RequestingRefreshTokenWhenRealmSwitchOffThenInvalidRequest() {
        String realm = admin.createRealm("uma-exchange.json");
        admin.setPolicy(realm, "{\"issueRefreshTokens\": false}");
        OAuthClient legacy = client(realm, "legacy");

        Http.Response response = legacy.exchangeForRefreshToken(userAccessToken(legacy));

        assertOAuthError(400, "invalid_request", response);
        assertEquals("requested_token_type unsupported", response.json().get("error_description").asText());
    }

    /** Standard token exchange, the one of Keycloak's default features, answers an access token by default anyway. */
    @ParameterizedTest
    @ValueSource(strings = {"both-on", "realm-switch-off"})
    void standardTokenExchangeWithoutRequestedTokenTypeThenAccessTokenOnly(String setting) {
        String realm = admin.createRealm("uma-exchange.json");
        OAuthClient standard = client(realm, "standard");
        String userToken = userAccessToken(standard);
        turnOff(realm, "standard", setting);

        JsonNode tokens = ok(standard.exchange(userToken));

        assertEquals(ACCESS_TOKEN_TYPE, tokens.get("issued_token_type").asText());
        assertNull(tokens.get("refresh_token"), tokens.toString());
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static void turnOff(String realm, String clientId, String setting) {
        switch (setting) {
            case "realm-switch-off" -> admin.setPolicy(realm, "{\"issueRefreshTokens\": false}");
            case "client-grant-off" -> admin.setClientPolicy(realm, clientId, "{\"refreshTokenGrant\": false}");
            case "both-on" -> { }
            default -> throw new IllegalArgumentException(setting);
        }
    }

    private static OAuthClient client(String realm, String clientId) {
        return new OAuthClient(server, realm, clientId, clientId.equals("spa") ? null : clientId + "-secret");
    }

    private static String userAccessToken(OAuthClient client) {
        return ok(client.password("alice", "alice-password", null)).get("access_token").asText();
    }

    /** The same fields with the same values, except the access token itself and its seconds to live. */
    private static void assertSameExceptAccessToken(JsonNode expected, JsonNode actual) {
        ObjectNode expectedRest = expected.deepCopy();
        ObjectNode actualRest = actual.deepCopy();
        for (ObjectNode response : List.of(expectedRest, actualRest)) {
            assertTrue(response.has("access_token") && response.has("expires_in"), response.toString());
            response.remove(List.of("access_token", "expires_in"));
        }
        assertEquals(expectedRest, actualRest);
    }

    /**
     * Claim by claim, except those that differ between any two tokens; the lifetime ({@code exp - iat}) is the same to the
     * second. Stock {@code TokenManager.initToken} reads the clock twice, {@code iat} in whole seconds and {@code exp} in
     * milliseconds truncated later, so a second boundary between the two reads makes any access token's lifetime one
     * second longer, with or without this extension.
     */
    private static void assertSameClaims(JsonNode expected, JsonNode actual) {
        ObjectNode expectedRest = expected.deepCopy();
        ObjectNode actualRest = actual.deepCopy();
        expectedRest.remove(PER_TOKEN_CLAIMS);
        actualRest.remove(PER_TOKEN_CLAIMS);
        assertEquals(expectedRest, actualRest);
        long expectedLifetime = expected.get("exp").asLong() - expected.get("iat").asLong();
        long actualLifetime = actual.get("exp").asLong() - actual.get("iat").asLong();
        assertTrue(Math.abs(expectedLifetime - actualLifetime) <= 1, "lifetimes " + expectedLifetime + " s and " + actualLifetime + " s");
    }
}
