package dev.rtpolicy.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
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
 * Nothing slow runs while a user session's refresh lock is held: the back-channel logouts of the
 * {@code revoke-user-session} reuse response call client URLs, and one that stalls must not hold up the session's
 * refreshes (which would wait for the lock and give up after 20 s).
 */
class SlowBackchannelLogoutIT extends ServerTestBase {

    private static final int PARALLEL = 8;
    /** Far longer than a refresh waits for the lock (20 s), unless the test lets the endpoint answer earlier. */
    private static final int MAX_STALL_SECONDS = 60;

    private static final ExecutorService pool = Executors.newFixedThreadPool(PARALLEL + 1);

    @AfterAll
    static void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void reuseWhenBackchannelLogoutStallsThenParallelRefreshesRotateExactlyOnceAndSessionEndsAfterwards() throws Exception {
        try (StallingLogoutEndpoint endpoint = new StallingLogoutEndpoint()) {
            String realm = admin.createRealm("seed.json");
            admin.setPolicy(realm, "{\"reuseResponse\": \"revoke-user-session\", \"reuseGracePeriod\": 60}");
            setBackchannelLogoutUrl(realm, "myClient", endpoint.url());
            OAuthClient client = new OAuthClient(server, realm, "myClient", "forgerock");
            String first = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
            String second = ok(client.refresh(first, null)).get("refresh_token").asText();
            String current = ok(client.refresh(second, null)).get("refresh_token").asText();

            // the first token is two rotations old: reuse, and the whole user session is to end
            Future<Http.Response> reuse = pool.submit(() -> client.refresh(first, null));
            assertTrue(endpoint.called.await(60, TimeUnit.SECONDS), "Keycloak never called the back-channel logout URL");

            // while the client URL stalls, the session's refreshes go on: exactly one rotation, never a 5xx
            List<Http.Response> responses = inParallel(() -> client.refresh(current, null));
            Set<String> successors = new HashSet<>();
            for (Http.Response response : responses) {
                successors.add(Jwt.id(ok(response).get("refresh_token").asText()));
            }
            assertEquals(1, successors.size(), "one successor for all parallel refreshes of the current token");
            assertFalse(reuse.isDone(), "the reuse response was still waiting for the client URL");
            endpoint.answer.countDown();

            Http.Response reused = reuse.get(120, TimeUnit.SECONDS);
            assertOAuthError(400, "invalid_grant", reused);
            assertEquals("Refresh token reuse detected", reused.json().get("error_description").asText());
            // what the racing refreshes obtained ended with the session
            assertOAuthError(400, "invalid_grant", client.refresh(responses.get(0).json().get("refresh_token").asText(), null));
            for (Http.Response response : responses) {
                JsonNode introspection = client.introspect(response.json().get("access_token").asText(), "access_token").json();
                assertFalse(introspection.get("active").asBoolean(), introspection.toString());
            }
        }
    }

    private static void setBackchannelLogoutUrl(String realm, String clientId, String url) {
        String path = "/" + realm + "/clients/" + admin.clientUuid(realm, clientId);
        ObjectNode representation = (ObjectNode) Admin.expect(200, admin.get(path)).json();
        ((ObjectNode) representation.get("attributes")).put("backchannel.logout.url", url);
        Admin.expect(204, admin.put(path, representation.toString()));
    }

    private static List<Http.Response> inParallel(java.util.concurrent.Callable<Http.Response> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> futures = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            futures.add(pool.submit(() -> { start.await(); return call.call(); }));
        }
        start.countDown();
        List<Http.Response> responses = new ArrayList<>();
        for (Future<Http.Response> future : futures) {
            Http.Response response = future.get();
            assertTrue(response.status() < 500, "never a 5xx: " + response.body());
            responses.add(response);
        }
        return responses;
    }

    /**
     * A client's back-channel logout endpoint that stalls until the test lets it answer (at most MAX_STALL_SECONDS):
     * one header byte a second, so Keycloak's 5 s socket timeout never ends the call early.
     */
    private static final class StallingLogoutEndpoint implements AutoCloseable {

        final CountDownLatch called = new CountDownLatch(1);
        final CountDownLatch answer = new CountDownLatch(1);
        private final ServerSocket socket;
        private final Thread acceptor;

        StallingLogoutEndpoint() throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::serve, "stalling-logout-endpoint");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/backchannel-logout";
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    readRequestHead(connection.getInputStream());
                    called.countDown();
                    OutputStream out = connection.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nX-Stall: ".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < MAX_STALL_SECONDS && !answer.await(1, TimeUnit.SECONDS); i++) {
                        out.write('.');
                        out.flush();
                    }
                    out.write("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    if (!socket.isClosed()) {
                        throw new UncheckedIOException(e);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void readRequestHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            answer.countDown();
            socket.close();
            acceptor.interrupt();
        }
    }
}
