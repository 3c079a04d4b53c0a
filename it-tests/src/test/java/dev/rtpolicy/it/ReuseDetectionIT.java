package dev.rtpolicy.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reuse detection (RFC 9700 §4.14.2), the idempotent grace window, and the three reuse responses. */
class ReuseDetectionIT extends ServerTestBase {

    private String realm;
    private OAuthClient myClient;
    private OAuthClient otherClient;

    @BeforeEach
    void freshRealm() {
        realm = admin.createRealm("seed.json");
        myClient = new OAuthClient(server, realm, "myClient", "forgerock");
        otherClient = new OAuthClient(server, realm, "otherClient", "other-secret");
    }

    @Test
    void refreshWhenRetiredTokenRetriedWithinGraceThenSameSuccessor() {
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 60}");
        String original = login().get("refresh_token").asText();
        String successor = ok(myClient.refresh(original, null)).get("refresh_token").asText();

        JsonNode retry = ok(myClient.refresh(original, null));
        JsonNode secondRetry = ok(myClient.refresh(original, null));

        assertEquals(Jwt.id(successor), Jwt.id(retry.get("refresh_token").asText()), "a retry gets the same successor");
        assertEquals(Jwt.id(successor), Jwt.id(secondRetry.get("refresh_token").asText()));
        assertTrue(Jwt.claims(retry.get("access_token").asText()).has("jti"), "with a fresh access token");
        // the successor is still the family's current token
        String next = ok(myClient.refresh(successor, null)).get("refresh_token").asText();
        assertNotEquals(Jwt.id(successor), Jwt.id(next));
    }

    @Test
    void refreshWhenSuccessorAlreadyUsedThenGraceClosedAndReuse() {
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 60}");
        String original = login().get("refresh_token").asText();
        String successor = ok(myClient.refresh(original, null)).get("refresh_token").asText();
        ok(myClient.refresh(successor, null));

        assertOAuthError(400, "invalid_grant", myClient.refresh(original, null));
    }

    @Test
    void refreshWhenGracePeriodOverThenReuse() throws InterruptedException {
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 1}");
        String original = login().get("refresh_token").asText();
        ok(myClient.refresh(original, null));

        Thread.sleep(2_100);

        assertOAuthError(400, "invalid_grant", myClient.refresh(original, null));
    }

    @Test
    void reuseWhenRevokeGrantThenClientSessionTokensDeadButOtherClientsLive() {
        Http browser = Http.browser();
        JsonNode mine = ok(myClient.authorizationCode(browser, "alice", "alice-password", "read"));
        JsonNode others = ok(otherClient.authorizationCode(browser, "alice", "alice-password", "read"));
        String original = mine.get("refresh_token").asText();
        JsonNode rotated = ok(myClient.refresh(original, null));
        assertTrue(myClient.introspect(rotated.get("access_token").asText(), "access_token").json().get("active").asBoolean());

        assertReuse(myClient.refresh(original, null));

        assertOAuthError(400, "invalid_grant", myClient.refresh(rotated.get("refresh_token").asText(), null));
        assertFalse(myClient.introspect(rotated.get("access_token").asText(), "access_token").json().get("active").asBoolean());
        assertTrue(otherClient.introspect(others.get("access_token").asText(), "access_token").json().get("active").asBoolean());
        ok(otherClient.refresh(others.get("refresh_token").asText(), null));
    }

    @Test
    void reuseWhenRevokeUserSessionThenEveryClientOfTheSsoSessionLogsOut() {
        admin.setPolicy(realm, "{\"reuseResponse\": \"revoke-user-session\"}");
        Http browser = Http.browser();
        String original = ok(myClient.authorizationCode(browser, "alice", "alice-password", "read")).get("refresh_token").asText();
        JsonNode others = ok(otherClient.authorizationCode(browser, "alice", "alice-password", "read"));
        ok(myClient.refresh(original, null));
        assertTrue(otherClient.introspect(others.get("access_token").asText(), "access_token").json().get("active").asBoolean());

        assertReuse(myClient.refresh(original, null));

        assertOAuthError(400, "invalid_grant", otherClient.refresh(others.get("refresh_token").asText(), null));
        assertFalse(otherClient.introspect(others.get("access_token").asText(), "access_token").json().get("active").asBoolean());
    }

    @Test
    void reuseWhenRejectOnlyThenReplayRefusedAndCurrentTokenKeepsWorking() {
        admin.setPolicy(realm, "{\"reuseResponse\": \"reject-only\"}");
        String original = login().get("refresh_token").asText();
        String successor = ok(myClient.refresh(original, null)).get("refresh_token").asText();

        assertReuse(myClient.refresh(original, null));
        assertReuse(myClient.refresh(original, null));

        ok(myClient.refresh(successor, null));
    }

    @Test
    void reuseResponseWhenClientOverridesRealmThenClientWins() {
        admin.setClientPolicy(realm, "myClient", "{\"reuseResponse\": \"reject-only\"}");
        String original = login().get("refresh_token").asText();
        String successor = ok(myClient.refresh(original, null)).get("refresh_token").asText();

        assertReuse(myClient.refresh(original, null));

        ok(myClient.refresh(successor, null));
    }

    @Test
    void reuseEmitsRefreshTokenErrorEventWithReuseDetails() {
        Admin.expect(204, admin.put("/" + realm, "{\"eventsEnabled\": true, \"enabledEventTypes\": [\"REFRESH_TOKEN\", \"REFRESH_TOKEN_ERROR\"]}"));
        String original = login().get("refresh_token").asText();
        ok(myClient.refresh(original, null));

        assertReuse(myClient.refresh(original, null));

        JsonNode events = Admin.expect(200, admin.get("/" + realm + "/events?type=REFRESH_TOKEN_ERROR")).json();
        assertEquals(1, events.size(), events.toString());
        JsonNode event = events.get(0);
        assertEquals("myClient", event.get("clientId").asText());
        assertEquals(Jwt.claims(original).get("sub").asText(), event.get("userId").asText());
        assertEquals("invalid_token", event.get("error").asText());
        JsonNode details = event.get("details");
        assertEquals("detected", details.get("refresh_token_reuse").asText());
        assertEquals("revoke-grant", details.get("reuse_response").asText());
        assertEquals(Jwt.claims(original).get("rt_family").asText(), details.get("refresh_token_family").asText());
        assertEquals("Refresh token reuse detected", details.get("reason").asText());
    }

    @Test
    void refreshWhenKeycloakRevokeRefreshTokenAlsoOnThenExtensionDecides() {
        Admin.expect(204, admin.put("/" + realm, "{\"revokeRefreshToken\": true, \"refreshTokenMaxReuse\": 0}"));
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 60}");
        String original = login().get("refresh_token").asText();
        String successor = ok(myClient.refresh(original, null)).get("refresh_token").asText();

        // Keycloak's own counter would call this retry a reuse and end the client session
        assertEquals(Jwt.id(successor), Jwt.id(ok(myClient.refresh(original, null)).get("refresh_token").asText()));
        String next = ok(myClient.refresh(successor, null)).get("refresh_token").asText();
        assertReuse(myClient.refresh(original, null));
        assertOAuthError(400, "invalid_grant", myClient.refresh(next, null));
    }

    private JsonNode login() {
        return ok(myClient.password("alice", "alice-password", null));
    }

    private static void assertReuse(Http.Response response) {
        assertOAuthError(400, "invalid_grant", response);
        assertEquals("Refresh token reuse detected", response.json().get("error_description").asText());
    }
}
