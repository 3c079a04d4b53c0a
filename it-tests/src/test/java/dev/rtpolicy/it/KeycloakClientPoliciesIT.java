package dev.rtpolicy.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak's own client policies act on a refresh after the refresh-token provider has returned: the
 * {@code suppress-refresh-token-rotation} executor drops the rotated refresh token from the response. A successor the
 * client never received must not retire the token it still holds.
 */
class KeycloakClientPoliciesIT extends ServerTestBase {

    private String realm;
    private OAuthClient myClient;

    @BeforeEach
    void freshRealm() {
        realm = admin.createRealm("hostile-review.json");
        myClient = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void refreshWhenSuppressRotationPolicyDropsSuccessorThenPresentedTokenStaysCurrent() {
        suppressRotationForEveryClient();
        String rt = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();

        JsonNode first = ok(myClient.refresh(rt, null));
        assertFalse(first.has("refresh_token"), "the client policy drops the rotated refresh token: " + first);

        // the client still holds only rt: it must keep working, as with Keycloak's own rotation suppressed
        JsonNode second = ok(myClient.refresh(rt, null));
        assertFalse(second.has("refresh_token"));
        JsonNode introspected = ok(myClient.introspect(rt, "refresh_token"));
        assertTrue(introspected.get("active").asBoolean(), introspected.toString());
        assertEquals(Jwt.claims(rt).get("sid"), Jwt.claims(second.get("access_token").asText()).get("sid"));
    }

    @Test
    void parallelRefreshesWhenSuppressRotationPolicyThenAllSucceedAndTokenStaysCurrent() throws Exception {
        suppressRotationForEveryClient();
        String rt = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Http.Response> responses = new ArrayList<>();
        try {
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> myClient.refresh(rt, null)));
            }
            for (Future<Http.Response> future : futures) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // each undone rotation gives its claim back, so none is refused as "family changed" or reuse
        for (Http.Response response : responses) {
            assertFalse(ok(response).has("refresh_token"));
        }
        assertTrue(ok(myClient.introspect(rt, "refresh_token")).get("active").asBoolean());
        ok(myClient.refresh(rt, null));
    }

    private void suppressRotationForEveryClient() {
        Admin.expect(204, admin.put("/" + realm + "/client-policies/profiles",
                "{\"profiles\":[{\"name\":\"no-rotation\",\"executors\":[{\"executor\":\"suppress-refresh-token-rotation\",\"configuration\":{}}]}]}"));
        Admin.expect(204, admin.put("/" + realm + "/client-policies/policies",
                "{\"policies\":[{\"name\":\"no-rotation\",\"enabled\":true,"
                        + "\"conditions\":[{\"condition\":\"any-client\",\"configuration\":{}}],\"profiles\":[\"no-rotation\"]}]}"));
    }
}
