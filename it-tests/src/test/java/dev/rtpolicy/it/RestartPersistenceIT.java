package dev.rtpolicy.it;

import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Family state lives in persisted client-session notes: a restart forgets nothing. */
class RestartPersistenceIT extends ServerTestBase {

    @Test
    void restartWhenFamilyRotatedThenCurrentTokenRotatesAndRetiredOneIsStillRefused() throws Exception {
        String realm = admin.createRealm("seed.json");
        admin.setPolicy(realm, "{\"reuseResponse\": \"reject-only\", \"reuseGracePeriod\": 300}");
        OAuthClient client = new OAuthClient(server, realm, "myClient", "forgerock");
        String first = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        String second = ok(client.refresh(first, null)).get("refresh_token").asText();
        String third = ok(client.refresh(second, null)).get("refresh_token").asText();

        server.restart();

        Admin afterRestart = new Admin(server);
        assertEquals(300, afterRestart.policy(realm).get("reuseGracePeriod").asInt());
        assertEquals("Refresh token reuse detected", client.refresh(first, null).json().get("error_description").asText());
        String fourth = ok(client.refresh(third, null)).get("refresh_token").asText();
        assertEquals("Refresh token reuse detected", client.refresh(second, null).json().get("error_description").asText());
        ok(client.refresh(fourth, null));
    }

    /** The undoing of a successor a client policy dropped is persisted too, not only seen in this node's cache. */
    @Test
    void restartWhenClientPolicyDroppedTheSuccessorThenThePresentedTokenIsStillCurrent() throws Exception {
        String realm = admin.createRealm("seed.json");
        Admin.expect(204, admin.put("/" + realm + "/client-policies/profiles",
                "{\"profiles\":[{\"name\":\"no-rotation\",\"executors\":[{\"executor\":\"suppress-refresh-token-rotation\",\"configuration\":{}}]}]}"));
        Admin.expect(204, admin.put("/" + realm + "/client-policies/policies",
                "{\"policies\":[{\"name\":\"no-rotation\",\"enabled\":true,"
                        + "\"conditions\":[{\"condition\":\"any-client\",\"configuration\":{}}],\"profiles\":[\"no-rotation\"]}]}"));
        OAuthClient client = new OAuthClient(server, realm, "myClient", "forgerock");
        String held = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        assertFalse(ok(client.refresh(held, null)).has("refresh_token"), "the client policy drops the successor");

        server.restart();

        assertFalse(ok(client.refresh(held, null)).has("refresh_token"));
        ok(client.refresh(held, null));
    }
}
