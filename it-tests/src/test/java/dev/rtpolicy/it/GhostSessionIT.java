package dev.rtpolicy.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.Metrics;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session whose database rows are gone while the cache still holds it (a ghost) works for no token. That is the
 * state a session end leaves behind when a request misses the cache between the end's cache removal and its
 * database commit and re-imports the old row (keycloak#51127): the admin sees no session, and on stock Keycloak its
 * refresh tokens, access tokens and introspection keep working. The test-only provider deletes the rows exactly as
 * the end's commit does and leaves the cache alone, so the state is reached deterministically on every line.
 */
class GhostSessionIT extends ServerTestBase {

    private final Http http = Http.plain();
    private String realm;
    private OAuthClient client;

    @BeforeEach
    void realm() {
        realm = createRealm("ghost-session.json", "{}");
        client = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void refreshWhenUserSessionRowIsGoneThenInvalidGrantAndTheGhostIsRemoved() {
        JsonNode tokens = ghostOf(login("openid"), false, null);

        Http.Response refused = client.refresh(tokens.get("refresh_token").asText(), null);
        assertOAuthError(400, "invalid_grant", refused);
        assertEquals("Session not active", refused.json().get("error_description").asText());
        assertEquals(1, Metrics.counter(Metrics.scrape(server), "keycloak_refresh_token_policy_refreshes_total", realm, "outcome", "refused_session_ended"));
        // removed from the cache too: the access token, checked by Keycloak's own lookup now, is refused as well
        assertEquals(401, userinfo(tokens).status());
    }

    @Test
    void userinfoWhenUserSessionRowIsGoneThenInvalidToken() {
        JsonNode tokens = ghostOf(login("openid"), false, null);

        // from the client's web origin, as a SPA calls it: the refusal carries CORS headers, as Keycloak's own do
        Http.Response userinfo = http.get(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/userinfo",
                tokens.get("access_token").asText(), Map.of("Origin", "https://app.example"));
        assertEquals(401, userinfo.status(), userinfo.body());
        assertTrue(userinfo.header("WWW-Authenticate").contains("invalid_token"), userinfo.header("WWW-Authenticate"));
        assertEquals("https://app.example", userinfo.header("Access-Control-Allow-Origin"), "a browser could not read the refusal");
        assertOAuthError(400, "invalid_grant", client.refresh(tokens.get("refresh_token").asText(), null));
    }

    @Test
    void introspectionWhenUserSessionRowIsGoneThenBothTokensInactive() {
        JsonNode tokens = ghostOf(login("openid"), false, null);

        assertInactive(tokens.get("refresh_token").asText(), "refresh_token");
        assertInactive(tokens.get("access_token").asText(), "access_token");
    }

    @Test
    void accessTokenIntrospectionWhenUserSessionRowIsGoneThenInactive() {
        JsonNode tokens = ghostOf(login("openid"), false, null);

        assertInactive(tokens.get("access_token").asText(), "access_token");
        assertOAuthError(400, "invalid_grant", client.refresh(tokens.get("refresh_token").asText(), null));
    }

    @Test
    void refreshWhenOfflineSessionRowIsGoneThenInvalidGrantEverywhere() {
        JsonNode login = login("openid offline_access");
        assertEquals("Offline", Jwt.claims(login.get("refresh_token").asText()).get("typ").asText());
        JsonNode tokens = ghostOf(login, true, null);

        assertInactive(tokens.get("refresh_token").asText(), "refresh_token");
        assertOAuthError(400, "invalid_grant", client.refresh(tokens.get("refresh_token").asText(), null));
        assertInactive(tokens.get("access_token").asText(), "access_token");
    }

    @Test
    void refreshWhenOnlyTheClientSessionRowIsGoneThenInvalidGrantAndTheUserSessionLives() {
        JsonNode tokens = ghostOf(login("openid"), false, "myClient");

        assertEquals(401, userinfo(tokens).status());
        assertOAuthError(400, "invalid_grant", client.refresh(tokens.get("refresh_token").asText(), null));
        assertInactive(tokens.get("refresh_token").asText(), "refresh_token");
        String sessionId = sid(tokens);
        assertTrue(sessions().findValues("id").stream().anyMatch(id -> id.asText().equals(sessionId)),
                "the user session itself was not ended: " + sessions());
    }

    @Test
    void tokensOfARemovedClientWhenTheClientIsCreatedAgainWithTheSameIdThenRefusedEverywhere() {
        JsonNode tokens = login("openid");
        String uuid = admin.clientUuid(realm, "myClient");
        String representation = Admin.expect(200, admin.get("/" + realm + "/clients/" + uuid)).json().toString();

        // as configuration-as-code tools do: the same client, id and secret included, deleted and created again.
        // Keycloak deletes the client sessions' rows with the client and leaves them in the cache, with no race at all
        Admin.expect(204, admin.delete("/" + realm + "/clients/" + uuid));
        Admin.expect(201, admin.post("/" + realm + "/clients", representation));
        assertEquals(uuid, admin.clientUuid(realm, "myClient"));

        assertOAuthError(400, "invalid_grant", client.refresh(tokens.get("refresh_token").asText(), null));
        assertEquals(401, userinfo(tokens).status());
        assertInactive(tokens.get("access_token").asText(), "access_token");
        assertInactive(tokens.get("refresh_token").asText(), "refresh_token");
    }

    @Test
    void tokenExchangeWhenSubjectTokensSessionRowIsGoneThenRefusedAsForAnEndedSession() {
        assertExchangeRefusedOnAGhost(login("openid"), false);
    }

    @Test
    void tokenExchangeWhenOfflineSubjectTokensSessionRowIsGoneThenRefusedWhileTheOnlineSessionLives() {
        // the offline session has its online session's id; Keycloak keeps the online one only where it existed before
        // the offline access was asked for (an SSO session). Only the offline one becomes a ghost
        Http browser = Http.browser();
        ok(client.authorizationCode(browser, "alice", "alice-password", "openid"));
        assertExchangeRefusedOnAGhost(ok(client.authorizationCode(browser, "alice", "alice-password", "openid offline_access")), true);
    }

    @Test
    void tokenExchangeWhenSubjectTokenIsForgedThenTheSessionItNamesIsLeftAlone() {
        JsonNode tokens = login("openid");
        String sessionId = sid(tokens);
        // a ghost stands in for the state a forged token could meet in a live session (a login's client session is in
        // the cache a moment before its row): only a token this realm signed is looked at
        ghostOf(tokens, false, null);
        String forged = withSid(login("openid").get("access_token").asText(), sessionId);

        assertOAuthError(400, "invalid_request", client.exchange(forged));
        Admin.expect(200, http.get(cachedSessionUrl(sessionId, false), null));
    }

    @Test
    void tokensOfAnotherClientWhenItsLoginRodeAGhostsSsoCookieThenRefusedEverywhere() {
        OAuthClient second = new OAuthClient(server, realm, "secondApp", "second-secret");
        // each reader on a ghost of its own: the first reader that meets a ghost removes it for all others
        assertOAuthError(400, "invalid_grant", second.refresh(mintedBySsoOnAGhost(second).get("refresh_token").asText(), null));
        assertEquals(401, userinfo(mintedBySsoOnAGhost(second)).status());
        JsonNode introspection = second.introspect(mintedBySsoOnAGhost(second).get("access_token").asText(), "access_token").json();
        assertFalse(introspection.get("active").asBoolean(), introspection.toString());
    }

    @Test
    void refreshOfAnotherSessionWhenOneIsAGhostThenUnaffected() {
        JsonNode live = login("openid");
        ghostOf(login("openid"), false, null);

        JsonNode refreshed = ok(client.refresh(live.get("refresh_token").asText(), null));
        assertEquals(200, userinfo(refreshed).status());
        JsonNode introspection = client.introspect(refreshed.get("refresh_token").asText(), "refresh_token").json();
        assertTrue(introspection.get("active").asBoolean(), introspection.toString());
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private JsonNode login(String scope) {
        return ok(client.password("alice", "alice-password", scope));
    }

    /**
     * Standard token exchange (RFC 8693) accepts the live session's access token; once the session is a ghost, the
     * same token gets Keycloak's own answer for an ended session (on stock Keycloak: fresh tokens), and the exchange
     * itself removed the ghost from the cache.
     */
    private void assertExchangeRefusedOnAGhost(JsonNode tokens, boolean offline) {
        String accessToken = tokens.get("access_token").asText();
        String sessionId = Jwt.claims(accessToken).get("sid").asText();
        assertEquals("urn:ietf:params:oauth:token-type:access_token", ok(client.exchange(accessToken)).get("issued_token_type").asText());
        if (offline) {
            Admin.expect(200, http.get(cachedSessionUrl(sessionId, false), null));
        }
        ghostOf(tokens, offline, null);

        Http.Response refused = client.exchange(accessToken);
        assertOAuthError(400, "invalid_request", refused);
        assertEquals("Invalid token", refused.json().get("error_description").asText());
        Admin.expect(404, http.get(cachedSessionUrl(sessionId, offline), null));
        if (offline) {
            Admin.expect(200, http.get(cachedSessionUrl(sessionId, false), null));
        }
    }

    /**
     * The SSO cookie is one of Keycloak's own readers (not covered): it still finds a ghost and logs another client in
     * without a login form, which adds a client session, and its row, to a session whose own row is gone.
     */
    private JsonNode mintedBySsoOnAGhost(OAuthClient other) {
        Http browser = Http.browser();
        ghostOf(ok(client.authorizationCode(browser, "alice", "alice-password", "openid")), false, null);
        return ok(other.authorizationCode(browser, "alice", "alice-password", "openid"));
    }

    /** Deletes the session's rows (or one client session's row) and leaves the cache: a ghost, as the race leaves it. */
    private JsonNode ghostOf(JsonNode tokens, boolean offline, String clientId) {
        String sessionId = sid(tokens);
        // the session lives, in the cache and in the database, before its rows go
        assertEquals(200, userinfo(tokens).status());
        String path = server.baseUrl() + "/realms/" + realm + "/rtp-test/sessions/" + sessionId + "/rows?offline=" + offline
                + (clientId == null ? "" : "&client=" + clientId);
        Admin.expect(204, http.delete(path, null));
        // a ghost now: the rows are gone, Keycloak's lookup still finds the session in its cache
        Admin.expect(200, http.get(cachedSessionUrl(sessionId, offline), null));
        return tokens;
    }

    /** Another session's genuine token with its {@code sid} claim replaced: the signature no longer matches. */
    private static String withSid(String jwt, String sessionId) {
        String[] parts = jwt.split("\\.");
        ObjectNode claims = (ObjectNode) Jwt.claims(jwt);
        claims.put("sid", sessionId);
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    /** The test-only provider's view of Keycloak's own session lookup (cache, then database): 200 found, 404 not. */
    private String cachedSessionUrl(String sessionId, boolean offline) {
        return server.baseUrl() + "/realms/" + realm + "/rtp-test/sessions/" + sessionId + "?offline=" + offline;
    }

    private Http.Response userinfo(JsonNode tokens) {
        return http.get(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/userinfo", tokens.get("access_token").asText());
    }

    private void assertInactive(String token, String hint) {
        JsonNode introspection = client.introspect(token, hint).json();
        assertFalse(introspection.get("active").asBoolean(), hint + ": " + introspection);
    }

    private JsonNode sessions() {
        String userId = admin.userId(realm, "alice");
        return Admin.expect(200, admin.get("/" + realm + "/users/" + userId + "/sessions")).json();
    }

    /** The user session of a token response: its access token's {@code sid}. */
    private static String sid(JsonNode tokens) {
        return Jwt.claims(tokens.get("access_token").asText()).get("sid").asText();
    }
}
