package dev.rtpolicy.it;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race as an admin meets it (issue 24): a fresh login, then the admin call that ends the session and one refresh
 * released at the same instant, hundreds of times. Whoever wins, once the admin call has returned no token of the
 * session works: neither the refresh's own successor (refresh and userinfo) nor the token it presented. Before the
 * ghost check 2 to 4 % of the rounds the refresh won left a session the admin could not see and whose tokens worked.
 * {@link SessionEndWhileReaderReimportsIT} proves the same deterministically, per way a session ends.
 */
class SessionEndSingleInstantRaceIT extends ServerTestBase {

    private static final int ROUNDS = Integer.getInteger("race.rounds", 300);

    private static final ExecutorService pool = Executors.newFixedThreadPool(2);

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
        realm = createRealm("session-end.json", "{}");
        userId = admin.userId(realm, "alice");
        client = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void adminDeletesSessionAtTheInstantOfARefreshThenNoSurvivorInHundredsOfRaces() throws Exception {
        race(sessionId -> admin.delete("/" + realm + "/sessions/" + sessionId));
    }

    @Test
    void adminLogsUserOutAtTheInstantOfARefreshThenNoSurvivorInHundredsOfRaces() throws Exception {
        race(sessionId -> admin.post("/" + realm + "/users/" + userId + "/logout", ""));
    }

    private void race(Function<String, Http.Response> end) throws Exception {
        int refreshWon = 0;
        StringBuilder survivors = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            JsonNode login = ok(client.password("alice", "alice-password", "openid"));
            String sessionId = Jwt.claims(login.get("access_token").asText()).get("sid").asText();
            CountDownLatch start = new CountDownLatch(1);
            Future<Http.Response> ending = pool.submit(() -> { start.await(); return end.apply(sessionId); });
            Future<Http.Response> refreshing = pool.submit(() -> { start.await(); return client.refresh(login.get("refresh_token").asText(), null); });
            start.countDown();
            Http.Response ended = ending.get();
            assertEquals(204, ended.status(), ended.body());
            Http.Response refreshed = refreshing.get();
            assertTrue(refreshed.status() < 500, "never a 5xx: " + refreshed.body());

            JsonNode tokens = login;
            if (refreshed.status() == 200) {
                refreshWon++;
                tokens = refreshed.json();
            }
            Http.Response again = client.refresh(tokens.get("refresh_token").asText(), null);
            Http.Response userinfo = http.get(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/userinfo", tokens.get("access_token").asText());
            if (again.status() != 400 || !"invalid_grant".equals(again.json().get("error").asText()) || userinfo.status() != 401) {
                survivors.append("\nround ").append(round).append(": refresh ").append(again.status()).append(", userinfo ").append(userinfo.status());
            }
        }
        assertEquals("", survivors.toString(), "sessions that outlived the admin call");
        assertTrue(refreshWon > 0, "the refresh never won a race: nothing was raced");
        System.out.printf("%d races, the refresh won %d, no survivor%n", ROUNDS, refreshWon);
    }
}
