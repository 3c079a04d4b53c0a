package dev.rtpolicy.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a user session ends is serialized with in-flight refreshes: a refresh loop races the call, and after the
 * call returns no token the loop obtained works (refresh {@code invalid_grant}, introspection inactive, userinfo
 * 401). Each path is raced many times, the call landing at varying points of the loop's refreshes.
 */
class SessionEndRaceIT extends ServerTestBase {

    private static final int ROUNDS = 15;

    private static final ExecutorService pool = Executors.newCachedThreadPool();

    private final Random random = new Random(7);
    private final Http http = Http.plain();
    private String realm;
    private String userId;
    private OAuthClient client;

    @AfterAll
    static void shutdown() {
        pool.shutdownNow();
    }

    @BeforeEach
    void realm() {
        realm = admin.createRealm("session-end.json");
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 30}");
        userId = admin.userId(realm, "alice");
        client = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void adminDeletesSessionWhileRefreshingThenNoTokenOfTheLoopWorks() throws Exception {
        race(sessionId -> admin.delete("/" + realm + "/sessions/" + sessionId), 204);
    }

    @Test
    void adminLogsUserOutWhileRefreshingThenNoTokenOfTheLoopWorks() throws Exception {
        race(sessionId -> admin.post("/" + realm + "/users/" + userId + "/logout", ""), 204);
    }

    @Test
    void adminSignsOutAllSessionsWhileRefreshingThenNoTokenOfTheLoopWorks() throws Exception {
        race(sessionId -> admin.post("/" + realm + "/logout-all", ""), 200);
    }

    @Test
    void adminDisablesUserWhileRefreshingThenNoTokenOfTheLoopWorks() throws Exception {
        race(sessionId -> admin.put("/" + realm + "/users/" + userId, "{\"enabled\": false}"), 204,
                () -> Admin.expect(204, admin.put("/" + realm + "/users/" + userId, "{\"enabled\": true}")));
    }

    @Test
    void adminRevokesConsentWhileRefreshingThenNoTokenOfTheLoopWorks() throws Exception {
        race(sessionId -> admin.delete("/" + realm + "/users/" + userId + "/consents/myClient"), 204,
                () -> new AliceAccount(server, realm).grantConsent());
    }

    @Test
    void userRevokesConsentInAccountConsoleWhileRefreshingThenNoTokenOfTheLoopWorks() throws Exception {
        race(sessionId -> new AliceAccount(server, realm).revokeConsent(), 204,
                () -> new AliceAccount(server, realm).grantConsent());
    }

    private void race(java.util.function.Function<String, Http.Response> end, int expectedStatus) throws Exception {
        race(end, expectedStatus, () -> { });
    }

    private void race(java.util.function.Function<String, Http.Response> end, int expectedStatus, Runnable before) throws Exception {
        int raced = 0;
        for (int round = 0; round < ROUNDS; round++) {
            before.run();
            JsonNode login = ok(client.password("alice", "alice-password", "openid"));
            String sessionId = Jwt.claims(login.get("access_token").asText()).get("sid").asText();
            List<JsonNode> obtained = new ArrayList<>(List.of(login));
            List<long[]> refreshTimes = new ArrayList<>();
            AtomicBoolean ended = new AtomicBoolean();
            Future<Http.Response> loop = pool.submit(() -> refreshUntilRefused(login, obtained, refreshTimes, ended));

            Thread.sleep(random.nextInt(60));
            long endStarted = System.nanoTime();
            Http.Response endResponse = end.apply(sessionId);
            long endReturned = System.nanoTime();
            ended.set(true);
            assertEquals(expectedStatus, endResponse.status(), endResponse.body());
            Http.Response refused = loop.get();
            assertTrue(refused.status() < 500, "never a 5xx: " + refused.body());
            if (refreshTimes.stream().anyMatch(t -> t[0] < endReturned && t[1] > endStarted)) {
                raced++;
            }

            for (JsonNode tokens : snapshot(obtained)) {
                String context = "round " + round + " of " + obtained.size() + " responses";
                assertOAuthError(400, "invalid_grant", client.refresh(tokens.get("refresh_token").asText(), null));
                JsonNode introspection = client.introspect(tokens.get("access_token").asText(), "access_token").json();
                assertFalse(introspection.get("active").asBoolean(), context + ": " + introspection);
                Http.Response userinfo = http.get(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/userinfo",
                        tokens.get("access_token").asText());
                assertEquals(401, userinfo.status(), context + ": " + userinfo.body());
            }
        }
        assertTrue(raced > ROUNDS / 2, "a refresh was in flight during the call in only " + raced + " of " + ROUNDS + " rounds");
    }

    /**
     * Refreshes the newest token until a refresh is refused, and one more time once the call has returned; records
     * when each refresh was in flight.
     */
    private Http.Response refreshUntilRefused(JsonNode first, List<JsonNode> obtained, List<long[]> times, AtomicBoolean ended) {
        String token = first.get("refresh_token").asText();
        while (true) {
            boolean afterEnd = ended.get();
            long started = System.nanoTime();
            Http.Response response = client.refresh(token, null);
            times.add(new long[] {started, System.nanoTime()});
            if (response.status() != 200) {
                return response;
            }
            synchronized (obtained) {
                obtained.add(response.json());
            }
            token = response.json().get("refresh_token").asText();
            if (afterEnd) {
                return response;
            }
        }
    }

    private static List<JsonNode> snapshot(List<JsonNode> obtained) {
        synchronized (obtained) {
            return new ArrayList<>(obtained);
        }
    }
}
