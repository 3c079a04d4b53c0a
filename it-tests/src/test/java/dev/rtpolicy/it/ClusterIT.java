package dev.rtpolicy.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.KeycloakCluster;
import dev.rtpolicy.it.support.KeycloakLine;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.RequestParking;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes on one PostgreSQL database: family state, reuse responses, locks, settings and security-event revocations
 * are cluster-wide.
 */
class ClusterIT extends ServerTestBase {

    private static KeycloakCluster cluster;
    private static Admin adminA;
    private static final ExecutorService pool = Executors.newFixedThreadPool(33);

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KeycloakCluster.start(server);
        adminA = new Admin(cluster.nodeA);
    }

    @AfterAll
    static void stopCluster() {
        pool.shutdownNow();
        cluster.stop();
    }

    @Test
    void familyRotatedOnNodeAIsKnownOnNodeB() {
        String realm = adminA.createRealm("seed.json");
        OAuthClient onA = client(cluster.nodeA, realm);
        OAuthClient onB = client(cluster.nodeB, realm);
        String first = ok(onA.password("alice", "alice-password", null)).get("refresh_token").asText();
        String second = ok(onA.refresh(first, null)).get("refresh_token").asText();

        Http.Response replay = onB.refresh(first, null);

        assertEquals("Refresh token reuse detected", replay.json().get("error_description").asText(), replay.body());
        // revoke-grant took effect on both nodes
        assertEquals(400, onA.refresh(second, null).status());
        assertEquals(400, onB.refresh(second, null).status());
    }

    @Test
    void parallelRefreshesOverBothNodesWithoutGraceRotateExactlyOnce() throws Exception {
        String realm = adminA.createRealm("seed.json");
        adminA.setPolicy(realm, "{\"reuseResponse\": \"reject-only\"}");
        String token = ok(client(cluster.nodeA, realm).password("alice", "alice-password", null)).get("refresh_token").asText();

        List<Http.Response> responses = splitOverNodes(realm, token, 32);

        List<Http.Response> succeeded = responses.stream().filter(r -> r.status() == 200).toList();
        assertEquals(1, succeeded.size(), responses.toString());
        responses.stream().filter(r -> r.status() != 200).forEach(r -> assertEquals("invalid_grant", r.json().get("error").asText(), r.body()));
        ok(client(cluster.nodeB, realm).refresh(succeeded.get(0).json().get("refresh_token").asText(), null));
    }

    @Test
    void parallelRefreshesOverBothNodesWithGraceReturnOneSuccessor() throws Exception {
        String realm = adminA.createRealm("seed.json");
        adminA.setPolicy(realm, "{\"reuseGracePeriod\": 60}");
        String token = ok(client(cluster.nodeA, realm).password("alice", "alice-password", null)).get("refresh_token").asText();

        List<Http.Response> responses = splitOverNodes(realm, token, 32);

        Set<String> successors = new HashSet<>();
        responses.forEach(r -> successors.add(Jwt.id(ok(r).get("refresh_token").asText())));
        assertEquals(1, successors.size());
    }

    @Test
    void settingChangedThroughNodeAIsEnforcedByNodeBWithinASecond() {
        String realm = adminA.createRealm("seed.json");
        OAuthClient onB = client(cluster.nodeB, realm);
        String token = ok(onB.password("alice", "alice-password", null)).get("refresh_token").asText();
        token = ok(onB.refresh(token, null)).get("refresh_token").asText();

        adminA.setPolicy(realm, "{\"issueRefreshTokensOnRefresh\": false}");
        long changed = System.currentTimeMillis();

        assertNull(ok(onB.refresh(token, null)).get("refresh_token"), "node B stopped rotating right away");
        assertTrue(System.currentTimeMillis() - changed < 1_000);
    }

    /** {@code revokeRefreshTokensOn}: a security event on node A revokes the families node B serves, at once. */
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

    @Test
    void nodeKilledMidTrafficThenOtherNodeServesEveryFamilyAndKilledNodeRejoins() throws Exception {
        String realm = adminA.createRealm("seed.json");
        // a response lost with the killed node is retried: the grace window makes that retry idempotent
        adminA.setPolicy(realm, "{\"reuseGracePeriod\": 120, \"reuseResponse\": \"reject-only\"}");
        OAuthClient onA = client(cluster.nodeA, realm);
        OAuthClient onB = client(cluster.nodeB, realm);
        List<String> families = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            families.add(ok(onA.password("alice", "alice-password", null)).get("refresh_token").asText());
        }
        List<String> retired = new ArrayList<>();
        for (int i = 0; i < families.size(); i++) {
            retired.add(families.get(i));
            families.set(i, ok((i % 2 == 0 ? onA : onB).refresh(families.get(i), null)).get("refresh_token").asText());
        }
        try {
            // traffic on node A while it is killed
            List<Future<Http.Response>> inFlight = new ArrayList<>();
            for (String family : families) {
                inFlight.add(pool.submit(() -> onA.refresh(family, null)));
            }
            cluster.nodeA.kill();
            for (Future<?> request : inFlight) {
                try {
                    request.get();
                } catch (Exception lostWithTheNode) {
                    // the client saw a connection error and keeps its token
                }
            }

            List<Http.Response> onNodeB = new ArrayList<>();
            List<Integer> claimedByTheKilledNode = new ArrayList<>();
            for (int i = 0; i < families.size(); i++) {
                onNodeB.add(onB.refresh(families.get(i), null));
                if (isClaimedElsewhere(onNodeB.get(i))) {
                    claimedByTheKilledNode.add(i);
                }
            }
            // Node A died with these families' rotations claimed but not visible to node B (before its commit, or before
            // its session write reached node B): it might only have stalled and could still commit, so exactly-once
            // holds them until the claim expires (RotationClaim.TTL_SECONDS). Rare: a window of milliseconds per refresh.
            assertTrue(claimedByTheKilledNode.size() < families.size(), "node B served none of the families: " + claimedByTheKilledNode);
            for (int i : claimedByTheKilledNode) {
                onNodeB.set(i, refreshOnceTheClaimExpires(onB, families.get(i)));
            }
            for (int i = 0; i < families.size(); i++) {
                String next = ok(onNodeB.get(i)).get("refresh_token").asText();
                families.set(i, ok(onB.refresh(next, null)).get("refresh_token").asText());
                assertEquals("Refresh token reuse detected", onB.refresh(retired.get(i), null).json().get("error_description").asText());
                retired.set(i, next);
            }

            cluster.nodeA.startAgain();
            for (int i = 0; i < families.size(); i++) {
                families.set(i, ok(onA.refresh(families.get(i), null)).get("refresh_token").asText());
                assertEquals(400, onA.refresh(retired.get(i), null).status());
            }
        } finally {
            if (!cluster.nodeA.isRunning()) {
                cluster.nodeA.startAgain();
            }
        }
    }

    private static boolean isClaimedElsewhere(Http.Response response) {
        return response.status() == 400 && "Refresh token family changed during this refresh, try again".equals(
                response.json().path("error_description").asText());
    }

    private static Http.Response refreshOnceTheClaimExpires(OAuthClient client, String token) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 150_000;
        Http.Response response = client.refresh(token, null);
        while (isClaimedElsewhere(response) && System.currentTimeMillis() < deadline) {
            Thread.sleep(5_000);
            response = client.refresh(token, null);
        }
        return response;
    }

    private static List<Http.Response> splitOverNodes(String realm, String token, int count) throws Exception {
        OAuthClient onA = client(cluster.nodeA, realm);
        OAuthClient onB = client(cluster.nodeB, realm);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            OAuthClient node = i % 2 == 0 ? onA : onB;
            futures.add(pool.submit(() -> { start.await(); return node.refresh(token, null); }));
        }
        start.countDown();
        List<Http.Response> responses = new ArrayList<>();
        for (Future<Http.Response> future : futures) {
            Http.Response response = future.get();
            assertTrue(response.status() < 500, response.body());
            responses.add(response);
        }
        return responses;
    }

    /**
     * A session ended on node A while node B re-imports it (keycloak#51127) works for no token on either node. On
     * 26.5 and newer the end is parked before its commit while node B reads; 26.4 ends sessions after its commit, so
     * there the state the race leaves (rows gone, cache entry kept) is made directly.
     */
    @Test
    void sessionEndedOnNodeAWhileNodeBReimportsItThenNoTokenWorksOnEitherNode() throws Exception {
        String realm = adminA.createRealm("ghost-session.json");
        OAuthClient onA = client(cluster.nodeA, realm);
        OAuthClient onB = client(cluster.nodeB, realm);
        JsonNode tokens = ok(onA.password("alice", "alice-password", "openid"));
        String sessionId = Jwt.claims(tokens.get("access_token").asText()).get("sid").asText();
        Http http = Http.plain();
        String testA = cluster.nodeA.baseUrl() + "/realms/" + realm + "/rtp-test";

        if (KeycloakLine.removesSessionsBeforeCommit()) {
            RequestParking parking = new RequestParking(cluster.nodeA, realm);
            parking.arm(RequestParking.ADMIN_EVENT);
            Future<Http.Response> ending = pool.submit(() -> adminA.delete("/" + realm + "/sessions/" + sessionId));
            new RequestParking(cluster.nodeB, realm).awaitParked(ending);
            Http.Response read;
            try {
                read = pool.submit(() -> userinfo(cluster.nodeB, realm, tokens)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                new RequestParking(cluster.nodeB, realm).release();
            }
            assertEquals(200, read.status(), "node B re-imported the session while its end was parked: " + read.body());
            assertEquals(204, ending.get(30, java.util.concurrent.TimeUnit.SECONDS).status());
        } else {
            assertEquals(200, userinfo(cluster.nodeB, realm, tokens).status());
            Admin.expect(204, http.delete(testA + "/sessions/" + sessionId + "/rows?offline=false", null));
        }

        assertEquals("invalid_grant", onB.refresh(tokens.get("refresh_token").asText(), null).json().get("error").asText());
        assertEquals("invalid_grant", onA.refresh(tokens.get("refresh_token").asText(), null).json().get("error").asText());
        assertEquals(401, userinfo(cluster.nodeA, realm, tokens).status());
        assertEquals(401, userinfo(cluster.nodeB, realm, tokens).status());
        assertEquals(false, onB.introspect(tokens.get("access_token").asText(), "access_token").json().get("active").asBoolean());
    }

    private static Http.Response userinfo(KeycloakServer node, String realm, JsonNode tokens) {
        return Http.plain().get(node.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/userinfo", tokens.get("access_token").asText());
    }

    private static OAuthClient client(KeycloakServer node, String realm) {
        return new OAuthClient(node, realm, "myClient", "forgerock");
    }
}
