package dev.rtpolicy.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.ServerTestBase;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refresh-token lifetimes: realm default, client override, -1, capping by the session, offline, rotation off. */
class LifetimeIT extends ServerTestBase {

    private static final int SSO_IDLE_DEFAULT = 1800;
    private static final int SSO_MAX_DEFAULT = 36000;


    @Test
    void lifetimeWhenMinusOneThenKeycloakSessionLimitsAndBothExpiresInFieldsAgree() {
        JsonNode tokens = login(createRealm("flows.json", "{}"), null);

        assertEquals(SSO_IDLE_DEFAULT, Jwt.lifetime(tokens.get("refresh_token").asText()));
        assertExpiresIn(SSO_IDLE_DEFAULT, tokens);
    }

    @Test
    void lifetimeWhenSetForRealmThenEachRefreshTokenLivesThatLongFromIssuance() {
        String realm = createRealm("flows.json", "{\"refreshTokenLifetime\": 600}");
        OAuthClient client = web(realm);
        JsonNode tokens = ok(client.password("alice", "alice-password", null));

        JsonNode refreshed = ok(client.refresh(tokens.get("refresh_token").asText(), null));

        assertEquals(600, Jwt.lifetime(tokens.get("refresh_token").asText()));
        assertEquals(600, Jwt.lifetime(refreshed.get("refresh_token").asText()));
        assertExpiresIn(600, refreshed);
    }

    @Test
    void lifetimeWhenClientOverridesThenClientWins() {
        String realm = createRealm("flows.json", "{\"refreshTokenLifetime\": 600}");
        admin.setClientPolicy(realm, "webClient", "{\"refreshTokenLifetime\": 120}");

        assertEquals(120, Jwt.lifetime(login(realm, null).get("refresh_token").asText()));
    }

    @Test
    void lifetimeWhenLongerThanSessionThenCappedBySession() {
        String realm = createRealm("flows.json", "{\"refreshTokenLifetime\": 5000}");
        Admin.expect(204, admin.put("/" + realm, "{\"ssoSessionIdleTimeout\": 300}"));

        JsonNode tokens = login(realm, null);

        assertEquals(300, Jwt.lifetime(tokens.get("refresh_token").asText()), "a token never outlives its session");
        assertExpiresIn(300, tokens);
    }

    @Test
    void offlineLifetimeWhenMinusOneThenNoExpiryElseConfigured() {
        JsonNode unlimited = login(createRealm("flows.json", "{\"refreshTokenLifetime\": 60}"), "offline_access");
        assertFalse(Jwt.claims(unlimited.get("refresh_token").asText()).has("exp"), "Keycloak's offline tokens have no exp by default");
        assertEquals(0, unlimited.get("refresh_expires_in").asInt());
        assertNull(unlimited.get("refresh_token_expires_in"));

        JsonNode limited = login(createRealm("flows.json", "{\"offlineRefreshTokenLifetime\": 900}"), "offline_access");
        assertEquals(900, Jwt.lifetime(limited.get("refresh_token").asText()));
        assertExpiresIn(900, limited);
    }

    @Test
    void lifetimeWhenRotationOffThenSingleTokenGetsFullSessionLifetime() {
        JsonNode unlimited = login(createRealm("flows.json", "{\"issueRefreshTokensOnRefresh\": false}"), null);
        assertTrue(Math.abs(SSO_MAX_DEFAULT - Jwt.lifetime(unlimited.get("refresh_token").asText())) <= 2, unlimited.toString());

        JsonNode limited = login(createRealm("flows.json", "{\"issueRefreshTokensOnRefresh\": false, \"refreshTokenLifetime\": 3000}"), null);
        assertEquals(3000, Jwt.lifetime(limited.get("refresh_token").asText()));
    }

    @Test
    void refreshWhenRotationOffThenEachRefreshSlidesTheIdleTimeout() throws InterruptedException {
        String realm = createRealm("flows.json", "{\"issueRefreshTokensOnRefresh\": false, \"refreshTokenLifetime\": 600}");
        Admin.expect(204, admin.put("/" + realm, "{\"ssoSessionIdleTimeout\": 30}"));
        OAuthClient client = web(realm);
        String active = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        String idle = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Thread.sleep(10_000);
            Http.Response response = client.refresh(active, null);
            statuses.add(response.status());
            assertNull(response.json().get("refresh_token"), "rotation is off");
        }

        assertEquals(List.of(200, 200, 200, 200, 200), statuses, "50 s of refreshes every 10 s outlive a 30 s idle timeout");
        assertOAuthError(400, "invalid_grant", client.refresh(idle, null));
    }

    private static OAuthClient web(String realm) {
        return new OAuthClient(server, realm, "webClient", "web-secret");
    }

    private static JsonNode login(String realm, String scope) {
        return ok(web(realm).password("alice", "alice-password", scope));
    }

    private static void assertExpiresIn(int expected, JsonNode tokens) {
        int expiresIn = tokens.get("refresh_expires_in").asInt();
        assertTrue(expiresIn <= expected && expiresIn >= expected - 2, tokens.toString());
        assertEquals(expiresIn, tokens.get("refresh_token_expires_in").asInt(), "draft-ietf-oauth-refresh-token-expiration");
    }
}
