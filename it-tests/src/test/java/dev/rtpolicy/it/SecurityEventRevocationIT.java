package dev.rtpolicy.it;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.KeycloakLine;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code revokeRefreshTokensOn} (RFC 9700 §4.14.2): a chosen security event revokes every refresh-token family of the
 * affected user, online and offline, across all clients, and nobody else's; one stored event names the trigger and
 * the number of families. Here the admin-side triggers.
 */
class SecurityEventRevocationIT extends ServerTestBase {

    private static final String ALL = "{\"revokeRefreshTokensOn\": [\"password-change\", \"credential-removed\", \"user-disabled\","
            + " \"identity-provider-unlinked\"]}";

    /** Alice's three families (web online, web offline, other client online) and Bob's one. */
    private record Holders(OAuthClient web, OAuthClient other, String webOnline, String webOffline, String otherOnline, String bob) {
    }

    @Test
    void adminPasswordResetWhenConfiguredThenEveryFamilyOfTheUserRevokedAndOneEventCountsThem() {
        String realm = createRealm("revocation.json", ALL);
        Holders h = holders(realm);

        Admin.expect(204, admin.put(user(realm, "alice") + "/reset-password", "{\"type\": \"password\", \"value\": \"new-password\", \"temporary\": false}"));

        assertAllOfAliceRevoked(h);
        ok(h.web().refresh(h.bob(), null));
        JsonNode event = onlyRevocationEvent(realm);
        assertEquals("password-change", event.get("details").get("revoke_trigger").asText());
        assertEquals("3", event.get("details").get("refresh_token_families_revoked").asText());
        assertEquals(userId(realm, "alice"), event.get("userId").asText());
    }

    @Test
    void usersOwnPasswordChangeThenOtherSessionsRevokedAndTheSessionThatMadeItKept() {
        String realm = createRealm("revocation.json", ALL);
        OAuthClient web = new OAuthClient(server, realm, "webClient", "web-secret");
        Http browser = Http.browser();
        String inBrowser = ok(web.authorizationCode(browser, "alice", "alice-password", null)).get("refresh_token").asText();
        String elsewhere = alice(web, null);
        String offline = alice(web, "offline_access");

        Map<String, String> callback = web.applicationInitiatedAction(browser, "UPDATE_PASSWORD",
                Http.form("password-new", "new-password", "password-confirm", "new-password"));

        assertEquals("success", callback.get("kc_action_status"), callback.toString());
        ok(web.refresh(inBrowser, null));
        assertOAuthError(400, "invalid_grant", web.refresh(elsewhere, null));
        assertOAuthError(400, "invalid_grant", web.refresh(offline, null));
        JsonNode event = onlyRevocationEvent(realm);
        assertEquals("password-change", event.get("details").get("revoke_trigger").asText());
        assertEquals("2", event.get("details").get("refresh_token_families_revoked").asText());
    }

    @Test
    void eventWhenNotChosenThenNothingRevoked() {
        String realm = createRealm("revocation.json", "{\"revokeRefreshTokensOn\": [\"credential-removed\"]}");
        Holders h = holders(realm);

        Admin.expect(204, admin.put(user(realm, "alice") + "/reset-password", "{\"type\": \"password\", \"value\": \"new-password\", \"temporary\": false}"));
        Admin.expect(204, admin.put(user(realm, "alice"), "{\"enabled\": false}"));
        Admin.expect(204, admin.put(user(realm, "alice"), "{\"enabled\": true}"));

        ok(h.web().refresh(h.webOnline(), null));
        ok(h.web().refresh(h.webOffline(), null));
        ok(h.other().refresh(h.otherOnline(), null));
        assertEquals(0, revocationEvents(realm).size());
    }

    @Test
    void adminRemovingACredentialThenRevoked() {
        String realm = createRealm("revocation.json", ALL);
        Holders h = holders(realm);
        String credential = Admin.expect(200, admin.get(user(realm, "alice") + "/credentials")).json().get(0).get("id").asText();

        // Keycloak's direct grant would ask a user with OTP for a code; any credential's removal is the same event
        Admin.expect(204, admin.delete(user(realm, "alice") + "/credentials/" + credential));

        assertAllOfAliceRevoked(h);
        assertEquals("credential-removed", onlyRevocationEvent(realm).get("details").get("revoke_trigger").asText());
    }

    @Test
    void adminRemovingAnOtpCredentialThenRevoked() {
        String realm = createRealm("revocation.json", ALL);
        Carol carol = carol(realm);

        Admin.expect(204, admin.delete(user(realm, "carol") + "/credentials/" + otpCredentialId(realm)));

        assertAllOfCarolRevoked(carol);
        assertEquals("credential-removed", onlyRevocationEvent(realm).get("details").get("revoke_trigger").asText());
    }

    @Test
    void usersOwnRemovalOfAnOtpCredentialThroughTheAccountApiThenRevoked() throws Exception {
        String realm = createRealm("revocation.json", ALL);
        Carol carol = carol(realm);
        String accessToken = ok(carol.web().password("carol", "carol-password", null)).get("access_token").asText();

        java.net.http.HttpResponse<String> removed = accountApiDelete(realm, accessToken, "credentials/" + otpCredentialId(realm));

        assertEquals(204, removed.statusCode(), removed.body());
        assertAllOfCarolRevoked(carol);
        assertEquals("credential-removed", onlyRevocationEvent(realm).get("details").get("revoke_trigger").asText());
    }

    @Test
    void adminDisablingTheUserThenRevokedAndReEnablingRevivesNothing() {
        String realm = createRealm("revocation.json", ALL);
        Holders h = holders(realm);

        Admin.expect(204, admin.put(user(realm, "alice"), "{\"enabled\": false}"));
        Admin.expect(204, admin.put(user(realm, "alice"), "{\"enabled\": true}"));

        assertAllOfAliceRevoked(h);
        assertEquals("user-disabled", onlyRevocationEvent(realm).get("details").get("revoke_trigger").asText());
        ok(h.web().refresh(alice(h.web(), null), null));
    }

    @Test
    void bruteForceLockOutThenRevokedAndUnlockingRevivesNothing() throws InterruptedException {
        String realm = createRealm("revocation.json", ALL);
        Admin.expect(204, admin.put("/" + realm, "{\"bruteForceProtected\": true, \"permanentLockout\": true, \"failureFactor\": 2}"));
        Holders h = holders(realm);

        String aliceId = userId(realm, "alice");
        for (int failures = 1; failures <= 2; failures++) {
            assertOAuthError(KeycloakLine.invalidUserCredentialsStatus(), "invalid_grant", h.web().password("alice", "wrong-password", null));
            awaitFailuresCounted(realm, aliceId, failures);
        }
        // The lock-out happens in the job that counts the second failure; its event revokes in that job's transaction
        for (int waited = 0; revocationEvents(realm).isEmpty() && waited < 60; waited++) {
            Thread.sleep(500);
        }
        Admin.expect(204, admin.delete("/" + realm + "/attack-detection/brute-force/users/" + aliceId));
        Admin.expect(204, admin.put(user(realm, "alice"), "{\"enabled\": true}"));

        assertEquals("user-disabled", onlyRevocationEvent(realm).get("details").get("revoke_trigger").asText());
        assertAllOfAliceRevoked(h);
        ok(h.web().refresh(h.bob(), null));
    }

    @Test
    void adminUnlinkingTheIdentityProviderThenRevoked() {
        String realm = createRealm("revocation.json", ALL);
        Holders h = holders(realm);

        Admin.expect(204, admin.delete(user(realm, "alice") + "/federated-identity/idp"));

        assertAllOfAliceRevoked(h);
        assertEquals("identity-provider-unlinked", onlyRevocationEvent(realm).get("details").get("revoke_trigger").asText());
    }

    @Test
    void usersOwnUnlinkingThroughTheAccountApiThenRevoked() throws Exception {
        String realm = createRealm("revocation.json", ALL);
        Holders h = holders(realm);
        String accessToken = ok(h.web().password("alice", "alice-password", null)).get("access_token").asText();

        java.net.http.HttpResponse<String> unlinked = accountApiDelete(realm, accessToken, "linked-accounts/idp");

        assertEquals(204, unlinked.statusCode(), unlinked.body());
        assertAllOfAliceRevoked(h);
        JsonNode event = onlyRevocationEvent(realm);
        assertEquals("identity-provider-unlinked", event.get("details").get("revoke_trigger").asText());
        assertEquals("4", event.get("details").get("refresh_token_families_revoked").asText(), "the unlinking login's own family too");
    }

    @Test
    void settingRoundTripsAndUnknownEventsAreRefused() {
        String realm = createRealm("revocation.json", "{}");
        assertEquals(0, admin.policy(realm).get("revokeRefreshTokensOn").size());

        JsonNode stored = admin.setPolicy(realm, "{\"revokeRefreshTokensOn\": [\"user-disabled\", \"password-change\"]}");
        assertEquals(Http.JSON.valueToTree(List.of("password-change", "user-disabled")), stored.get("revokeRefreshTokensOn"));

        Http.Response refused = admin.put("/" + realm + "/refresh-token-policy", "{\"revokeRefreshTokensOn\": [\"logout\"]}");
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.json().get("errorMessage").asText().contains("revokeRefreshTokensOn"), refused.body());
        assertEquals(stored, admin.policy(realm));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------------

    private static Holders holders(String realm) {
        OAuthClient web = new OAuthClient(server, realm, "webClient", "web-secret");
        OAuthClient other = new OAuthClient(server, realm, "otherClient", "other-secret");
        return new Holders(web, other, alice(web, null), alice(web, "offline_access"), alice(other, null),
                ok(web.password("bob", "bob-password", null)).get("refresh_token").asText());
    }

    private static String alice(OAuthClient client, String scope) {
        return ok(client.password("alice", "alice-password", scope)).get("refresh_token").asText();
    }

    /** Carol has a password and an OTP credential; her refresh tokens of two clients, one offline, and bob's. */
    private record Carol(OAuthClient web, String webOnline, String webOffline, OAuthClient other, String otherOnline, String bob) {
    }

    private static Carol carol(String realm) {
        OAuthClient web = new OAuthClient(server, realm, "webClient", "web-secret");
        OAuthClient other = new OAuthClient(server, realm, "otherClient", "other-secret");
        return new Carol(web, ok(web.password("carol", "carol-password", null)).get("refresh_token").asText(),
                ok(web.password("carol", "carol-password", "offline_access")).get("refresh_token").asText(), other,
                ok(other.password("carol", "carol-password", null)).get("refresh_token").asText(),
                ok(web.password("bob", "bob-password", null)).get("refresh_token").asText());
    }

    private static void assertAllOfCarolRevoked(Carol carol) {
        assertOAuthError(400, "invalid_grant", carol.web().refresh(carol.webOnline(), null));
        assertOAuthError(400, "invalid_grant", carol.web().refresh(carol.webOffline(), null));
        assertOAuthError(400, "invalid_grant", carol.other().refresh(carol.otherOnline(), null));
        ok(carol.web().refresh(carol.bob(), null));
    }

    /** A DELETE on the user's account REST API; Keycloak serves it (not the console) to requests that accept JSON. */
    private static java.net.http.HttpResponse<String> accountApiDelete(String realm, String accessToken, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/realms/" + realm + "/account/" + path))
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").DELETE().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static String otpCredentialId(String realm) {
        for (JsonNode credential : Admin.expect(200, admin.get(user(realm, "carol") + "/credentials")).json()) {
            if (credential.get("type").asText().equals("otp")) {
                return credential.get("id").asText();
            }
        }
        throw new AssertionError("carol has no OTP credential");
    }

    private static void assertAllOfAliceRevoked(Holders h) {
        assertOAuthError(400, "invalid_grant", h.web().refresh(h.webOnline(), null));
        assertOAuthError(400, "invalid_grant", h.web().refresh(h.webOffline(), null));
        assertOAuthError(400, "invalid_grant", h.other().refresh(h.otherOnline(), null));
    }

    /**
     * Keycloak counts a login failure in a job of its own after the response, and with permanent lock-out answers an
     * attempt made while that job runs "disabled" without counting it (its {@code DefaultBlockingBruteForceProtector}):
     * the next attempt must wait until this one is counted.
     */
    private static void awaitFailuresCounted(String realm, String userId, int failures) throws InterruptedException {
        String status = "/" + realm + "/attack-detection/brute-force/users/" + userId;
        for (int waited = 0; Admin.expect(200, admin.get(status)).json().path("numFailures").asInt() < failures; waited++) {
            assertTrue(waited < 60, "Keycloak did not count login failure " + failures + ": " + admin.get(status).body());
            Thread.sleep(250);
        }
    }

    private static String userId(String realm, String username) {
        return admin.userId(realm, username);
    }

    private static String user(String realm, String username) {
        return "/" + realm + "/users/" + userId(realm, username);
    }

    private static JsonNode revocationEvents(String realm) {
        return Admin.expect(200, admin.get("/" + realm + "/events?type=REVOKE_GRANT")).json();
    }

    private static JsonNode onlyRevocationEvent(String realm) {
        JsonNode events = revocationEvents(realm);
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }
}
