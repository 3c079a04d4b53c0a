package dev.rtpolicy.it;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.RequestParking;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A refresh parked at its most dangerous point (family rotated, session changed, refresh lock held, before the commit)
 * while something revokes the family: the revocation waits for the refresh and then revokes what it wrote, so the
 * successor the refresh returns never works. Deterministic on every line: the test-only provider parks the refresh.
 */
class RefreshParkedIT extends ServerTestBase {

    private static final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterAll
    static void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void refreshParkedWhenPasswordResetRevokesFamiliesThenResetWaitsAndTheSuccessorIsRevoked() throws Exception {
        String realm = createRealm("revocation.json", "{\"revokeRefreshTokensOn\": [\"password-change\"]}");
        OAuthClient web = new OAuthClient(server, realm, "webClient", "web-secret");
        String token = ok(web.password("alice", "alice-password", null)).get("refresh_token").asText();
        String userId = admin.userId(realm, "alice");

        JsonNode successor = whileRefreshParked(realm, () -> web.refresh(token, null),
                () -> admin.put("/" + realm + "/users/" + userId + "/reset-password", "{\"type\": \"password\", \"value\": \"new-password\", \"temporary\": false}"),
                204);

        assertOAuthError(400, "invalid_grant", web.refresh(successor.get("refresh_token").asText(), null));
        assertOAuthError(400, "invalid_grant", web.refresh(token, null));
    }

    @Test
    void refreshParkedWhenRetiredTokenReplayedThenReplayWaitsAndRevokesTheSuccessorsGrant() throws Exception {
        String realm = createRealm("seed.json", "{}");
        OAuthClient client = new OAuthClient(server, realm, "myClient", "forgerock");
        String retired = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        String current = ok(client.refresh(retired, null)).get("refresh_token").asText();

        Http.Response[] replay = new Http.Response[1];
        JsonNode successor = whileRefreshParked(realm, () -> client.refresh(current, null), () -> replay[0] = client.refresh(retired, null), 400);

        assertEquals("Refresh token reuse detected", replay[0].json().get("error_description").asText(), replay[0].body());
        assertOAuthError(400, "invalid_grant", client.refresh(successor.get("refresh_token").asText(), null));
    }

    /**
     * Parks {@code refresh}, starts {@code revocation}, checks that it waits for the parked refresh (the session's
     * refresh lock), releases the refresh, and returns the successor it obtained.
     */
    private JsonNode whileRefreshParked(String realm, java.util.function.Supplier<Http.Response> refresh,
                                        java.util.function.Supplier<Http.Response> revocation, int revocationStatus) throws Exception {
        RequestParking parking = new RequestParking(server, realm);
        parking.arm("REFRESH_TOKEN");
        Future<Http.Response> refreshing = pool.submit(refresh::get);
        parking.awaitParked(refreshing);
        Future<Http.Response> revoking = pool.submit(revocation::get);
        try {
            Thread.sleep(500);
            assertFalse(revoking.isDone(), "the revocation went ahead while the refresh held the session: "
                    + (revoking.isDone() ? revoking.get().body() : ""));
        } finally {
            parking.release();
        }
        JsonNode successor = ok(refreshing.get(30, TimeUnit.SECONDS));
        Http.Response revoked = revoking.get(30, TimeUnit.SECONDS);
        assertEquals(revocationStatus, revoked.status(), revoked.body());
        return successor;
    }
}
