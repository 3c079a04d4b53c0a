package dev.rtpolicy.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installing the JAR on a realm that already ran stock rotation revives no retired token (issue 13 §1), and what
 * stock accepts after the JAR is removed again. Stock Keycloak (a private copy of the distribution, its own
 * PostgreSQL database) rotates chains RT1 → RT2 → RT3, each in a later second than the one before; stock's own
 * introspection, which changes nothing, records its verdict on every token; then the JAR is installed and the
 * server restarted on the same database.
 */
// Not a ServerTestBase: it runs only on a stock copy of the distribution with a database of its own, never on the shared server.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeFromStockIT {

    private static final String REUSE = "Refresh token reuse detected";

    private static KeycloakServer server;
    private static Admin admin;
    private static String revokeMax0;
    private static String revokeMax1;
    private static String revokeOff;
    private static Chain onlineMax0;
    private static Chain offlineMax0;
    private static Chain webMax0;
    private static Chain onlineMax1;
    private static Chain onlineOff;

    /** A stock chain: its three tokens and stock's verdict (introspection {@code active}) on each. */
    private record Chain(OAuthClient client, List<String> tokens, List<Boolean> stockActive) {
        String rt(int n) {
            return tokens.get(n - 1);
        }
    }

    @BeforeAll
    static void stockRotatesThenJarInstalled() throws Exception {
        server = KeycloakServer.stockCopy();
        admin = new Admin(server);
        revokeMax0 = stockRealm(true, 0);
        revokeMax1 = stockRealm(true, 1);
        revokeOff = stockRealm(false, 0);
        onlineMax0 = stockChain(app(revokeMax0), null);
        offlineMax0 = stockChain(app(revokeMax0), "offline_access");
        webMax0 = stockChain(new OAuthClient(server, revokeMax0, "web", "web-secret"), null);
        onlineMax1 = stockChain(app(revokeMax1), null);
        onlineOff = stockChain(app(revokeOff), null);

        server.installProvider();

        admin = new Admin(server);
        for (String realm : List.of(revokeMax0, revokeMax1, revokeOff)) {
            admin.setClientPolicy(realm, "app", "{\"reuseResponse\": \"reject-only\"}");
        }
    }

    @Test
    @Order(1)
    void stockVerdictWhenRevokeRefreshTokenOnThenOnlyNewestActiveAndWithMaxReuseAlsoTheLastPresented() {
        assertEquals(List.of(false, false, true), onlineMax0.stockActive());
        assertEquals(List.of(false, false, true), offlineMax0.stockActive());
        assertEquals(List.of(false, false, true), webMax0.stockActive());
        assertEquals(List.of(false, true, true), onlineMax1.stockActive(), "RT2 used once, one reuse allowed");
        assertEquals(List.of(true, true, true), onlineOff.stockActive(), "stock honours every unexpired token");
    }

    @Test
    @Order(2)
    void introspectWhenJarInstalledThenActiveExactlyWhereStockWasActive() {
        for (Chain chain : List.of(onlineMax0, offlineMax0, webMax0, onlineMax1, onlineOff)) {
            assertEquals(chain.stockActive(), active(chain), "introspection agrees with stock before any refresh");
        }
    }

    @Test
    @Order(3)
    void refreshWhenRevokeOnAndMaxReuseZeroThenOnlyNewestHonouredAndFoundsFamily() {
        assertOnlyNewestHonoured(onlineMax0);
    }

    @Test
    @Order(3)
    void refreshWhenOfflineChainRevokeOnThenOnlyNewestHonouredAndFoundsFamily() {
        assertOnlyNewestHonoured(offlineMax0);
        assertEquals("Offline", Jwt.claims(offlineMax0.rt(3)).get("typ").asText());
    }

    @Test
    @Order(3)
    void refreshWhenMaxReuseLetStockHonourTwoTokensThenOnlyTheFirstPresentedIsHonoured() {
        Chain chain = onlineMax1;
        String successor = ok(chain.client().refresh(chain.rt(3), null)).get("refresh_token").asText();

        assertEquals(List.of(false, false, false), active(chain), "RT3 took the chain over: RT2 is no longer active");
        assertReuse(chain.client().refresh(chain.rt(2), null));
        assertReuse(chain.client().refresh(chain.rt(1), null));
        assertReuse(chain.client().refresh(chain.rt(3), null));
        ok(chain.client().refresh(successor, null));
    }

    @Test
    @Order(3)
    void refreshWhenStockRevokeOffThenEveryTokenHonouredOnceFoundingItsOwnFamily() {
        Chain chain = onlineOff;
        List<String> successors = new ArrayList<>();
        for (int n = 3; n >= 1; n--) {
            JsonNode refreshed = ok(chain.client().refresh(chain.rt(n), null));
            assertEquals(Jwt.id(chain.rt(n)), Jwt.claims(refreshed.get("refresh_token").asText()).get("rt_family").asText());
            successors.add(refreshed.get("refresh_token").asText());
        }
        for (int n = 1; n <= 3; n++) {
            assertReuse(chain.client().refresh(chain.rt(n), null));
        }
        for (String successor : successors) {
            ok(chain.client().refresh(successor, null));
        }
    }

    @Test
    @Order(3)
    void refreshWhenStaleStockTokenThenReuseAndRealmReuseResponseRevokesTheGrant() {
        Chain chain = webMax0;

        assertReuse(chain.client().refresh(chain.rt(1), null));

        // revoke-grant (the default) removed the client's session: stock's newest token is dead too
        assertOAuthError(400, "invalid_grant", chain.client().refresh(chain.rt(3), null));
        assertEquals(List.of(false, false, false), active(chain));
    }

    /**
     * Uninstalling: stock ignores families. With "Revoke Refresh Token" off it honours retired tokens; with it on
     * (the tokens carry {@code reuse_id}) it honours the first token presented of a family, retired or not. Signing
     * out all sessions (realm not-before = now) retires everything issued before.
     */
    @Test
    @Order(100)
    void uninstallWhenFamiliesRotatedThenStockHonoursRetiredTokensUntilAllSessionsSignedOut() throws Exception {
        OAuthClient off = app(revokeOff);
        OAuthClient max0 = app(revokeMax0);
        List<String> offChain = extensionChain(off, null);
        List<String> offlineChain = extensionChain(off, "offline_access");
        List<String> max0Chain = extensionChain(max0, null);
        assertFalse(Jwt.claims(offChain.get(2)).has("reuse_id"));
        assertTrue(Jwt.claims(max0Chain.get(2)).has("reuse_id"), "Revoke Refresh Token on: extension tokens carry stock's reuse_id");
        assertTrue(Jwt.claims(max0Chain.get(2)).has("rt_family"));
        assertReuse(off.refresh(offChain.get(0), null));

        server.uninstallProvider();

        List<String> issuedByStock = new ArrayList<>();
        issuedByStock.add(ok(off.refresh(offChain.get(0), null)).get("refresh_token").asText());
        issuedByStock.add(ok(off.refresh(offlineChain.get(0), null)).get("refresh_token").asText());
        issuedByStock.add(ok(max0.refresh(max0Chain.get(0), null)).get("refresh_token").asText());

        awaitSecondAfter(issuedByStock.get(2));
        for (String realm : List.of(revokeOff, revokeMax0)) {
            Admin.expect(200, admin.post("/" + realm + "/logout-all", ""));
        }

        List<String> all = new ArrayList<>(issuedByStock);
        all.addAll(offChain);
        all.addAll(offlineChain);
        all.addAll(max0Chain);
        for (String token : all) {
            OAuthClient client = Jwt.claims(token).has("reuse_id") ? max0 : off;
            assertOAuthError(400, "invalid_grant", client.refresh(token, null));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** The chain's newest token founds a family; every token of the chain is refused afterwards, the family lives. */
    private static void assertOnlyNewestHonoured(Chain chain) {
        JsonNode refreshed = ok(chain.client().refresh(chain.rt(3), null));
        String successor = refreshed.get("refresh_token").asText();
        assertEquals(Jwt.id(chain.rt(3)), Jwt.claims(successor).get("rt_family").asText(), "RT3's own id names the family");

        for (int n = 1; n <= 3; n++) {
            assertReuse(chain.client().refresh(chain.rt(n), null));
        }
        String next = ok(chain.client().refresh(successor, null)).get("refresh_token").asText();
        assertEquals(Jwt.id(chain.rt(3)), Jwt.claims(next).get("rt_family").asText());
    }

    private static void assertReuse(Http.Response response) {
        assertOAuthError(400, "invalid_grant", response);
        assertEquals(REUSE, response.json().get("error_description").asText());
    }

    private static List<Boolean> active(Chain chain) {
        List<Boolean> active = new ArrayList<>();
        for (String token : chain.tokens()) {
            active.add(ok(chain.client().introspect(token, "refresh_token")).get("active").asBoolean());
        }
        return active;
    }

    private static String stockRealm(boolean revokeRefreshToken, int maxReuse) {
        String realm = admin.createRealm("upgrade.json");
        Admin.expect(204, admin.put("/" + realm, "{\"revokeRefreshToken\": " + revokeRefreshToken + ", \"refreshTokenMaxReuse\": " + maxReuse + "}"));
        return realm;
    }

    private static OAuthClient app(String realm) {
        return new OAuthClient(server, realm, "app", "app-secret");
    }

    /** Login, then two refreshes, each in a later second (stock compares {@code iat} in seconds), and stock's verdicts. */
    private static Chain stockChain(OAuthClient client, String scope) {
        List<String> tokens = extensionChain(client, scope);
        for (int n = 1; n < tokens.size(); n++) {
            assertTrue(Jwt.claims(tokens.get(n)).get("iat").asLong() > Jwt.claims(tokens.get(n - 1)).get("iat").asLong());
        }
        List<Boolean> stockActive = new ArrayList<>();
        for (String token : tokens) {
            stockActive.add(ok(client.introspect(token, "refresh_token")).get("active").asBoolean());
        }
        return new Chain(client, tokens, stockActive);
    }

    /** Login, then two refreshes of the newest token, each in a later second than the token it refreshes. */
    private static List<String> extensionChain(OAuthClient client, String scope) {
        List<String> tokens = new ArrayList<>();
        tokens.add(ok(client.password("bob", "bob-password", scope)).get("refresh_token").asText());
        for (int i = 0; i < 2; i++) {
            String newest = tokens.get(tokens.size() - 1);
            awaitSecondAfter(newest);
            tokens.add(ok(client.refresh(newest, null)).get("refresh_token").asText());
        }
        return tokens;
    }

    /** Waits (on this machine's clock, which the server shares) until the second after the token's {@code iat}. */
    private static void awaitSecondAfter(String token) {
        long iat = Jwt.claims(token).get("iat").asLong();
        try {
            while (System.currentTimeMillis() / 1000 <= iat) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
