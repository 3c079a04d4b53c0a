package dev.rtpolicy.it;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.ServerTestBase;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Issue Refresh Tokens" (realm) and the client's refresh-token grant decide issuance in every flow Keycloak
 * offers that may issue one, with no side effects.
 */
class IssuanceInEveryFlowIT extends ServerTestBase {


    enum Flow {
        AUTHORIZATION_CODE_CONFIDENTIAL("webClient", "web-secret", c -> c.authorizationCode("alice", "alice-password", "read")),
        AUTHORIZATION_CODE_PUBLIC_PKCE("spa", null, c -> c.authorizationCode("alice", "alice-password", "read")),
        RESOURCE_OWNER_PASSWORD("webClient", "web-secret", c -> c.password("alice", "alice-password", null)),
        DEVICE_AUTHORIZATION("tv", null, c -> c.deviceFlow("alice", "alice-password", "read")),
        CIBA("bank", "bank-secret", c -> c.ciba("alice", "openid read")),
        TOKEN_EXCHANGE("webClient", "web-secret", c -> c.exchangeForRefreshToken(ok(c.password("alice", "alice-password", null)).get("access_token").asText()));

        final String clientId;
        final String secret;
        final Function<OAuthClient, Http.Response> obtain;

        Flow(String clientId, String secret, Function<OAuthClient, Http.Response> obtain) {
            this.clientId = clientId;
            this.secret = secret;
            this.obtain = obtain;
        }
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void flowWhenBothOnThenRefreshTokenIssued(Flow flow) {
        String realm = admin.createRealm("flows.json");

        JsonNode tokens = ok(flow.obtain.apply(client(realm, flow)));

        assertNotNull(tokens.get("refresh_token"), tokens.toString());
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void flowWhenRealmSwitchOffThenNoRefreshToken(Flow flow) {
        String realm = admin.createRealm("flows.json");
        admin.setPolicy(realm, "{\"issueRefreshTokens\": false}");

        assertNoRefreshToken(flow, flow.obtain.apply(client(realm, flow)));
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void flowWhenClientGrantOffThenNoRefreshToken(Flow flow) {
        String realm = admin.createRealm("flows.json");
        admin.setClientPolicy(realm, flow.clientId, "{\"refreshTokenGrant\": false}");

        assertNoRefreshToken(flow, flow.obtain.apply(client(realm, flow)));
    }

    @Test
    void clientCredentialsWhenKeycloakOptInThenRespectedUnderTheRealmSwitch() {
        String realm = admin.createRealm("flows.json");
        OAuthClient daemon = new OAuthClient(server, realm, "daemon", "daemon-secret");
        JsonNode effective = admin.get("/" + realm + "/refresh-token-policy/clients/" + admin.clientUuid(realm, "daemon") + "/effective").json();
        assertEquals(true, effective.get("clientCredentialsRefreshTokens").get("value").asBoolean());
        assertEquals("client", effective.get("clientCredentialsRefreshTokens").get("source").asText());

        assertNotNull(ok(daemon.clientCredentials()).get("refresh_token"), "the admin opted in explicitly");

        admin.setPolicy(realm, "{\"issueRefreshTokens\": false}");
        assertNull(ok(daemon.clientCredentials()).get("refresh_token"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{\"issueRefreshTokens\": false}", "client-grant-off"})
    void offlineAccessWhenNoRefreshTokensThenInvalidScopeAndNothingLeftBehind(String setting) {
        String realm = admin.createRealm("flows.json");
        if (setting.equals("client-grant-off")) {
            admin.setClientPolicy(realm, "webClient", "{\"refreshTokenGrant\": false}");
        } else {
            admin.setPolicy(realm, setting);
        }
        OAuthClient web = new OAuthClient(server, realm, "webClient", "web-secret");

        assertOAuthError(400, "invalid_scope", web.password("alice", "alice-password", "offline_access"));

        String userId = admin.get("/" + realm + "/users?username=alice").json().get(0).get("id").asText();
        String clientUuid = admin.clientUuid(realm, "webClient");
        assertEquals(0, admin.get("/" + realm + "/users/" + userId + "/offline-sessions/" + clientUuid).json().size(), "no orphaned offline session");
        assertEquals(0, admin.get("/" + realm + "/users/" + userId + "/sessions").json().size(), "the refused grant left no session");
    }

    @Test
    void passwordGrantWhenIssuanceOffThenUserSessionKeptAndAccessTokenValid() {
        String realm = admin.createRealm("flows.json");
        admin.setPolicy(realm, "{\"issueRefreshTokens\": false}");
        OAuthClient web = new OAuthClient(server, realm, "webClient", "web-secret");

        JsonNode tokens = ok(web.password("alice", "alice-password", null));

        String userId = Jwt.claims(tokens.get("access_token").asText()).get("sub").asText();
        assertEquals(1, admin.get("/" + realm + "/users/" + userId + "/sessions").json().size(), "the password grant's session is kept");
        assertTrue(web.introspect(tokens.get("access_token").asText(), "access_token").json().get("active").asBoolean());
    }

    @Test
    void offlineAccessWhenIssuanceOnThenOfflineTokenAndOfflineSession() {
        String realm = admin.createRealm("flows.json");
        OAuthClient web = new OAuthClient(server, realm, "webClient", "web-secret");

        JsonNode tokens = ok(web.password("alice", "alice-password", "offline_access"));

        assertEquals("Offline", Jwt.claims(tokens.get("refresh_token").asText()).get("typ").asText());
        String userId = Jwt.claims(tokens.get("access_token").asText()).get("sub").asText();
        assertEquals(1, admin.get("/" + realm + "/users/" + userId + "/offline-sessions/" + admin.clientUuid(realm, "webClient")).json().size());
        // and the offline token's family is tracked like any other
        String successor = ok(web.refresh(tokens.get("refresh_token").asText(), null)).get("refresh_token").asText();
        assertOAuthError(400, "invalid_grant", web.refresh(tokens.get("refresh_token").asText(), null));
        assertEquals("Offline", Jwt.claims(successor).get("typ").asText());
    }

    private static void assertNoRefreshToken(Flow flow, Http.Response response) {
        if (flow == Flow.TOKEN_EXCHANGE) {
            // RFC 8693: a refresh token was explicitly requested and cannot be issued
            assertOAuthError(400, "invalid_request", response);
            return;
        }
        JsonNode tokens = ok(response);
        assertNotNull(tokens.get("access_token"));
        assertNull(tokens.get("refresh_token"), tokens.toString());
    }

    private static OAuthClient client(String realm, Flow flow) {
        return new OAuthClient(server, realm, flow.clientId, flow.secret);
    }
}
