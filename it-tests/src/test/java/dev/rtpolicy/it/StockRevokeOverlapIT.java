package dev.rtpolicy.it;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.KeycloakLine;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.RequestParking;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What each line's stock "Revoke Refresh Token" (max reuse 0) does when two refreshes of one token overlap: the
 * benchmark's baseline (docs/benchmark.md). Stock Keycloak without this tree's JAR, with the test-only provider,
 * which parks the first refresh before its commit while the second is sent. Every line refuses the second
 * ({@code invalid_grant}): before 26.5 at once, while the first is still parked (stock takes no lock there; on this
 * one node with a local cache the first's use count is already seen); from 26.5 after the first has committed (stock's
 * refresh lock makes the second wait). Not shown: overlaps a lock-free stock leaves open elsewhere (both refreshes
 * reading the count before either records it, two nodes). The extension refuses the second on every line, after the
 * first ({@link RefreshParkedIT}, {@link ConcurrentRefreshIT}).
 */
// Not a ServerTestBase: it runs only on a stock copy of the distribution with a database of its own, never on the shared server.
class StockRevokeOverlapIT {

    private static final ExecutorService pool = Executors.newCachedThreadPool();

    private static KeycloakServer server;
    private static Admin admin;

    @BeforeAll
    static void stock() throws Exception {
        server = KeycloakServer.stockCopyWithParking();
        admin = new Admin(server);
    }

    @AfterAll
    static void shutdown() {
        pool.shutdownNow();
        if (server != null) {
            server.stopAndDropDatabase();
        }
    }

    @Test
    void stockRevokeRefreshTokenWhenTwoRefreshesOfOneTokenOverlapThenTheSecondIsRefusedAtOnceBefore26_5AndAfterTheFirstFrom26_5() throws Exception {
        String realm = admin.createRealm("upgrade.json");
        Admin.expect(204, admin.put("/" + realm, "{\"revokeRefreshToken\": true, \"refreshTokenMaxReuse\": 0}"));
        OAuthClient app = new OAuthClient(server, realm, "app", "app-secret");
        String token = ok(app.password("bob", "bob-password", null)).get("refresh_token").asText();

        RequestParking parking = new RequestParking(server, realm);
        parking.arm("REFRESH_TOKEN");
        Future<Http.Response> first = pool.submit(() -> app.refresh(token, null));
        parking.awaitParked(first);
        Future<Http.Response> second = pool.submit(() -> app.refresh(token, null));
        try {
            if (KeycloakLine.atLeast("26.5")) {
                Thread.sleep(500);
                assertFalse(second.isDone(), "stock's refresh lock let the second refresh run beside the first: "
                        + (second.isDone() ? second.get().body() : ""));
            } else {
                assertReuseRefused(second.get(30, TimeUnit.SECONDS));
            }
        } finally {
            parking.release();
        }
        ok(first.get(30, TimeUnit.SECONDS));
        assertReuseRefused(second.get(30, TimeUnit.SECONDS));
    }

    private static void assertReuseRefused(Http.Response response) {
        assertOAuthError(400, "invalid_grant", response);
        assertEquals("Maximum allowed refresh token reuse exceeded", response.json().get("error_description").asText(), response.body());
    }
}
