package dev.rtpolicy.it;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.ServerTestBase;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two realm switches, the client's refresh-token grant, and the flows that never issue refresh tokens. */
class IssuanceAndRotationSwitchesIT extends ServerTestBase {

    private String realm;
    private OAuthClient myClient;

    @BeforeEach
    void freshRealm() {
        realm = admin.createRealm("seed.json");
        myClient = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void refreshWhenRotationOffThenNoNewRefreshTokenAndSameTokenKeepsWorking() {
        admin.setPolicy(realm, "{\"issueRefreshTokensOnRefresh\": false}");
        String refreshToken = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();

        for (int i = 0; i < 3; i++) {
            JsonNode refreshed = ok(myClient.refresh(refreshToken, null));
            assertNull(refreshed.get("refresh_token"), "no refresh token on refresh");
            assertNotNull(refreshed.get("access_token"));
        }
    }

    @Test
    void refreshWhenRealmRotationOffButClientOverridesOnThenRotated() {
        admin.setPolicy(realm, "{\"issueRefreshTokensOnRefresh\": false}");
        admin.setClientPolicy(realm, "myClient", "{\"issueRefreshTokensOnRefresh\": true}");
        String original = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();

        String successor = ok(myClient.refresh(original, null)).get("refresh_token").asText();

        assertNotEquals(Jwt.id(original), Jwt.id(successor));
        assertOAuthError(400, "invalid_grant", myClient.refresh(original, null));
    }

    @Test
    void refreshWhenRealmRotationOnButClientOverridesOffThenNotRotated() {
        admin.setClientPolicy(realm, "myClient", "{\"issueRefreshTokensOnRefresh\": false}");
        String refreshToken = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();

        assertNull(ok(myClient.refresh(refreshToken, null)).get("refresh_token"));
        assertNull(ok(myClient.refresh(refreshToken, null)).get("refresh_token"));
    }

    @Test
    void authorizationCodeWhenIssueRefreshTokensOffThenNoRefreshToken() {
        admin.setPolicy(realm, "{\"issueRefreshTokens\": false}");

        JsonNode tokens = ok(myClient.authorizationCode("alice", "alice-password", "read write"));

        assertNotNull(tokens.get("access_token"));
        assertNull(tokens.get("refresh_token"));
        assertEquals(0, tokens.get("refresh_expires_in").asInt());
        assertNull(ok(myClient.password("alice", "alice-password", null)).get("refresh_token"), "password grant too");
    }

    @Test
    void refreshWhenIssueRefreshTokensTurnedOffThenEarlierTokenRefreshesWithoutSuccessor() {
        String refreshToken = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();
        admin.setPolicy(realm, "{\"issueRefreshTokens\": false}");

        JsonNode refreshed = ok(myClient.refresh(refreshToken, null));

        assertNull(refreshed.get("refresh_token"));
        JsonNode effective = admin.get("/" + realm + "/refresh-token-policy/clients/" + admin.clientUuid(realm, "myClient") + "/effective").json();
        assertFalse(effective.get("issueRefreshTokensOnRefresh").get("value").asBoolean());
        assertEquals("rule", effective.get("issueRefreshTokensOnRefresh").get("source").asText());
    }

    @Test
    void refreshWhenClientGrantOffThenNoRefreshTokenIssuedAndEarlierOneUnauthorizedClient() {
        String earlier = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();

        JsonNode overrides = admin.setClientPolicy(realm, "myClient", "{\"refreshTokenGrant\": false}");

        assertFalse(overrides.get("refreshTokenGrant").asBoolean());
        assertNull(ok(myClient.password("alice", "alice-password", null)).get("refresh_token"));
        assertNull(ok(myClient.authorizationCode("alice", "alice-password", "read")).get("refresh_token"));
        // RFC 6749 §5.2: the client is not authorized to use this grant type
        assertOAuthError(400, "unauthorized_client", myClient.refresh(earlier, null));
        JsonNode client = admin.get("/" + realm + "/clients/" + admin.clientUuid(realm, "myClient")).json();
        assertEquals("false", client.get("attributes").get("use.refresh.tokens").asText(), "it is Keycloak's own client switch");
    }

    @Test
    void implicitFlowNeverIssuesRefreshToken() {
        OAuthClient implicitClient = new OAuthClient(server, realm, "implicitClient", null);

        Map<String, String> fragment = implicitClient.implicit("alice", "alice-password", "openid read");

        assertNotNull(fragment.get("access_token"));
        assertFalse(fragment.containsKey("refresh_token"));
    }

    @Test
    void clientCredentialsNeverIssuesRefreshTokenByDefault() {
        OAuthClient serviceClient = new OAuthClient(server, realm, "serviceClient", "service-secret");

        JsonNode tokens = ok(serviceClient.clientCredentials());

        assertNotNull(tokens.get("access_token"));
        assertNull(tokens.get("refresh_token"));
        assertTrue(admin.policy(realm).get("issueRefreshTokens").asBoolean());
    }
}
