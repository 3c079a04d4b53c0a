package dev.rtpolicy.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.KeycloakLine;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 7662 §2.2: {@code active} means the token can be used. For every refusal the extension makes, a refresh token
 * that the refresh grant refuses introspects {@code active:false}; the pair is checked introspection first, so the
 * refusal's own side effects cannot make the answer agree by accident.
 */
class IntrospectionAgreesWithRefreshIT extends ServerTestBase {

    private String realm;
    private OAuthClient myClient;

    @BeforeEach
    void freshRealm() {
        realm = admin.createRealm("seed.json");
        myClient = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void clientGrantOffThenRefreshUnauthorizedClientAndIntrospectionInactive() {
        String rt = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();
        assertActive(rt);

        admin.setClientPolicy(realm, "myClient", "{\"refreshTokenGrant\": false}");

        assertInactive(rt);
        assertOAuthError(400, "unauthorized_client", myClient.refresh(rt, null));

        admin.setClientPolicy(realm, "myClient", "{\"refreshTokenGrant\": true}");
        assertActive(rt);
        ok(myClient.refresh(rt, null));
    }

    @Test
    void retiredTokenThenRefreshInvalidGrantAndIntrospectionInactive() {
        admin.setPolicy(realm, "{\"reuseResponse\": \"reject-only\"}");
        String retired = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();
        String current = ok(myClient.refresh(retired, null)).get("refresh_token").asText();

        assertInactive(retired);
        assertOAuthError(400, "invalid_grant", myClient.refresh(retired, null));
        assertActive(current);
    }

    /**
     * RFC 7662 §2.1: the hint is only a hint. Without it Keycloak introspects a refresh token as an access token; before
     * 26.6 that answered active for every refresh token of a live session, a retired one too. From 26.6 Keycloak's
     * access-token audience check answers inactive for every refresh token (its audience is the realm).
     */
    @Test
    void introspectWithoutHintWhenRefreshTokenRetiredThenInactiveOnEveryLine() {
        admin.setPolicy(realm, "{\"reuseResponse\": \"reject-only\"}");
        String retired = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();
        String current = ok(myClient.refresh(retired, null)).get("refresh_token").asText();

        assertFalse(ok(myClient.introspect(retired, null)).get("active").asBoolean());
        assertEquals(!KeycloakLine.atLeast("26.6"), ok(myClient.introspect(current, null)).get("active").asBoolean(),
                "the current token without the hint: as Keycloak's access-token introspection of this line answers");
        assertActive(current);
        assertOAuthError(400, "invalid_grant", myClient.refresh(retired, null));
    }

    @Test
    void familyOfRevokedGrantAfterNewLoginThenRefreshInvalidGrantAndIntrospectionInactive() {
        Http browser = Http.browser();
        String stolen = ok(myClient.authorizationCode(browser, "alice", "alice-password", "read")).get("refresh_token").asText();
        String descendant = ok(myClient.refresh(stolen, null)).get("refresh_token").asText();
        assertInvalidGrant(myClient.refresh(stolen, null));
        // the user logs in again in the same SSO session: a new client session, which does not know the old family
        String later = ok(myClient.authorizationCode(browser, "alice", "alice-password", "read")).get("refresh_token").asText();

        assertInactive(descendant);
        assertInvalidGrant(myClient.refresh(descendant, null));
        assertActive(later);
    }

    @Test
    void secondLoginInTheSameSsoSessionThenBothFamiliesLive() {
        Http browser = Http.browser();
        String first = ok(myClient.authorizationCode(browser, "alice", "alice-password", "read")).get("refresh_token").asText();
        String second = ok(myClient.authorizationCode(browser, "alice", "alice-password", "read")).get("refresh_token").asText();

        assertActive(first);
        assertActive(second);
        ok(myClient.refresh(first, null));
        ok(myClient.refresh(second, null));
    }

    @Test
    void revokedGrantThenRefreshInvalidGrantAndIntrospectionInactive() {
        JsonNode tokens = ok(myClient.password("alice", "alice-password", null));
        String rt = tokens.get("refresh_token").asText();

        assertEquals(200, myClient.revoke(rt, "refresh_token").status());

        assertInactive(rt);
        assertOAuthError(400, "invalid_grant", myClient.refresh(rt, null));
        assertFalse(myClient.introspect(tokens.get("access_token").asText(), "access_token").json().get("active").asBoolean());
    }

    private static JsonNode assertInvalidGrant(Http.Response response) {
        assertOAuthError(400, "invalid_grant", response);
        return response.json();
    }

    private void assertActive(String refreshToken) {
        assertTrue(ok(myClient.introspect(refreshToken, "refresh_token")).get("active").asBoolean());
    }

    private void assertInactive(String refreshToken) {
        assertFalse(ok(myClient.introspect(refreshToken, "refresh_token")).get("active").asBoolean());
    }
}
