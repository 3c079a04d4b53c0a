package dev.rtpolicy.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.ServerTestBase;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parallel refreshes of one family rotate it exactly once; a refresh racing a revocation never resurrects the grant. */
class ConcurrentRefreshIT extends ServerTestBase {

    private static final int PARALLEL = 16;

    private static final ExecutorService pool = Executors.newFixedThreadPool(PARALLEL + 1);

    @AfterAll
    static void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void parallelRefreshesWhenGracePeriodThenAllSucceedWithOneSuccessor() throws Exception {
        for (int family = 0; family < 3; family++) {
            OAuthClient client = clientOfFreshRealm("{\"reuseGracePeriod\": 60}");
            String token = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();

            List<Http.Response> responses = inParallel(PARALLEL, () -> client.refresh(token, null));

            Set<String> successors = new HashSet<>();
            for (Http.Response response : responses) {
                successors.add(Jwt.id(ok(response).get("refresh_token").asText()));
            }
            assertEquals(1, successors.size(), "never two live successors");
            ok(client.refresh(responses.get(0).json().get("refresh_token").asText(), null));
        }
    }

    @Test
    void parallelRefreshesWhenNoGracePeriodThenExactlyOneSucceedsAndTheRestAreReuse() throws Exception {
        for (int family = 0; family < 3; family++) {
            OAuthClient client = clientOfFreshRealm("{\"reuseResponse\": \"reject-only\"}");
            String token = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();

            List<Http.Response> responses = inParallel(PARALLEL, () -> client.refresh(token, null));

            List<Http.Response> succeeded = responses.stream().filter(r -> r.status() == 200).toList();
            assertEquals(1, succeeded.size(), responses.toString());
            for (Http.Response response : responses) {
                if (response.status() != 200) {
                    assertEquals(400, response.status(), response.body());
                    assertEquals("invalid_grant", response.json().get("error").asText());
                    assertEquals("Refresh token reuse detected", response.json().get("error_description").asText());
                }
            }
            // reject-only: the one successor is the family's current token
            ok(client.refresh(succeeded.get(0).json().get("refresh_token").asText(), null));
        }
    }

    @Test
    void refreshRacingRevocationNeverResurrectsTheGrant() throws Exception {
        OAuthClient client = clientOfFreshRealm("{\"reuseGracePeriod\": 30}");
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 40; round++) {
            String token = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
            CountDownLatch start = new CountDownLatch(1);
            // the revocation lands at varying points of the refresh, including after it loaded the session
            long delay = random.nextInt(40);
            Future<Http.Response> refresh = pool.submit(() -> { start.await(); return client.refresh(token, null); });
            Future<Http.Response> revoke = pool.submit(() -> { start.await(); Thread.sleep(delay); return client.revoke(token, "refresh_token"); });
            start.countDown();

            assertEquals(200, revoke.get().status(), revoke.get().body());
            Http.Response refreshed = refresh.get();
            assertTrue(refreshed.status() == 200 || refreshed.status() == 400, refreshed.body());
            // whatever the order, afterwards nothing of the grant works
            assertEquals(400, client.refresh(token, null).status());
            if (refreshed.status() == 200) {
                assertEquals(400, client.refresh(refreshed.json().get("refresh_token").asText(), null).status(),
                        "round " + round + ", revocation answered " + revoke.get().body());
                assertEquals(false, client.introspect(refreshed.json().get("access_token").asText(), "access_token").json().get("active").asBoolean());
            }
        }
    }

    @Test
    void revokeWhenAnyTokenOfFamilyThenWholeGrantRevoked() {
        OAuthClient client = clientOfFreshRealm("{}");
        String original = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        String successor = ok(client.refresh(original, null)).get("refresh_token").asText();

        // RFC 7009 §2.1: revoking a refresh token revokes the grant it belongs to
        assertEquals(200, client.revoke(original, "refresh_token").status());

        assertEquals(400, client.refresh(successor, null).status());
        assertEquals(false, client.introspect(successor, "refresh_token").json().get("active").asBoolean());
    }

    private OAuthClient clientOfFreshRealm(String policy) {
        String realm = admin.createRealm("seed.json");
        admin.setPolicy(realm, policy);
        return new OAuthClient(server, realm, "myClient", "forgerock");
    }

    private static List<Http.Response> inParallel(int count, Callable<Http.Response> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> { start.await(); return call.call(); }));
        }
        start.countDown();
        List<Http.Response> responses = new ArrayList<>();
        for (Future<Http.Response> future : futures) {
            responses.add(future.get());
        }
        for (Http.Response response : responses) {
            assertTrue(response.status() < 500, "never a 5xx: " + response.body());
        }
        return responses;
    }
}
