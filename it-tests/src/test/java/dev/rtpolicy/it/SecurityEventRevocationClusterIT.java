package dev.rtpolicy.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.KeycloakCluster;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code revokeRefreshTokensOn} on two nodes (the {@link ClusterIT} harness): an event on node A revokes on node B at once. */
class SecurityEventRevocationClusterIT {

    private static KeycloakCluster cluster;
    private static Admin adminA;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KeycloakCluster.start(KeycloakServer.get());
        adminA = new Admin(cluster.nodeA);
    }

    @AfterAll
    static void stopCluster() {
        cluster.stop();
    }

    @Test
    void passwordResetOnNodeARevokesFamiliesUsedOnNodeBAtOnce() {
        String realm = adminA.createRealm("revocation.json");
        adminA.setPolicy(realm, "{\"revokeRefreshTokensOn\": [\"password-change\"]}");
        OAuthClient onA = new OAuthClient(cluster.nodeA, realm, "webClient", "web-secret");
        OAuthClient onB = new OAuthClient(cluster.nodeB, realm, "webClient", "web-secret");
        String online = ok(onB.refresh(ok(onB.password("alice", "alice-password", null)).get("refresh_token").asText(), null))
                .get("refresh_token").asText();
        String offline = ok(onA.password("alice", "alice-password", "offline_access")).get("refresh_token").asText();
        String bob = ok(onB.password("bob", "bob-password", null)).get("refresh_token").asText();
        String alice = adminA.userId(realm, "alice");

        Admin.expect(204, adminA.put("/" + realm + "/users/" + alice + "/reset-password",
                "{\"type\": \"password\", \"value\": \"new-password\", \"temporary\": false}"));

        assertOAuthError(400, "invalid_grant", onB.refresh(online, null));
        assertOAuthError(400, "invalid_grant", onB.refresh(offline, null));
        ok(onB.refresh(bob, null));
        JsonNode events = Admin.expect(200, adminA.get("/" + realm + "/events?type=REVOKE_GRANT")).json();
        assertEquals(1, events.size(), events.toString());
        assertEquals("2", events.get(0).get("details").get("refresh_token_families_revoked").asText());
    }
}
