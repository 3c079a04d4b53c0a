package dev.rtpolicy.it;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console's per-client page ("Refresh token overrides"), driven through the component API exactly as the
 * console's page handler saves an entry: one entry per client, written to that client only, with its effective
 * settings; and kept in step with the admin API and with changes to the client made elsewhere.
 */
class ConsoleClientPageIT extends ServerTestBase {

    static final String PAGE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    @Test
    void pageIsRegisteredWithItsListColumnsWhenDeclarativeUiIsOn() {
        JsonNode serverInfo = Admin.expect(200, Http.plain().get(server.baseUrl() + "/admin/serverinfo", admin.token())).json();

        String pages = serverInfo.get("componentTypes").get(PAGE_TYPE).toString();
        assertTrue(pages.contains("\"id\":\"rtp-client-overrides\""), pages);
        assertTrue(pages.contains("\"displayFields\":[\"client\""), pages);
    }

    @Test
    void savingEntriesForTwoClientsWritesEachClientsOwnOverridesAndTheTokenEndpointEnforcesThem() {
        String realm = admin.createRealm("seed.json");

        Admin.expect(201, admin.post("/" + realm + "/components", entry(realm, "myClient", "false", "30", "inherit").toString()));
        Admin.expect(201, admin.post("/" + realm + "/components", entry(realm, "otherClient", "inherit", "inherit", "600").toString()));

        assertEachClientHasItsOwnOverrides(realm);
        assertTrue(effective(realm, "myClient").contains("issueRefreshTokensOnRefresh: false (client)"), effective(realm, "myClient"));
        assertTrue(effective(realm, "otherClient").contains("issueRefreshTokensOnRefresh: true (default)"), effective(realm, "otherClient"));
        assertTrue(effective(realm, "otherClient").contains("refreshTokenLifetime: 600 (client)"), effective(realm, "otherClient"));
    }

    /**
     * myClient: rotation off, grace 30; otherClient: lifetime 600; nothing else. Checked through the admin API and
     * at the token endpoint (also by {@link AdminConsoleBrowserIT}, after the same entries were saved in the browser).
     */
    static void assertEachClientHasItsOwnOverrides(String realm) {
        JsonNode a = clientPolicy(realm, "myClient");
        assertEquals(false, a.get("issueRefreshTokensOnRefresh").asBoolean());
        assertEquals(30, a.get("reuseGracePeriod").asInt());
        assertTrue(a.get("refreshTokenLifetime").isNull(), a.toString());
        JsonNode b = clientPolicy(realm, "otherClient");
        assertTrue(b.get("issueRefreshTokensOnRefresh").isNull(), b.toString());
        assertTrue(b.get("reuseGracePeriod").isNull(), b.toString());
        assertEquals(600, b.get("refreshTokenLifetime").asInt());

        OAuthClient my = new OAuthClient(server, realm, "myClient", "forgerock");
        String tokenA = ok(my.password("alice", "alice-password", null)).get("refresh_token").asText();
        assertNull(ok(my.refresh(tokenA, null)).get("refresh_token"), "myClient does not rotate");
        OAuthClient other = new OAuthClient(server, realm, "otherClient", "other-secret");
        String tokenB = ok(other.password("alice", "alice-password", null)).get("refresh_token").asText();
        JsonNode refreshedB = ok(other.refresh(tokenB, null));
        assertNotNull(refreshedB.get("refresh_token"), "otherClient still rotates");
        int expiresIn = refreshedB.get("refresh_token_expires_in").asInt();
        assertTrue(expiresIn > 590 && expiresIn <= 600, refreshedB.toString());
    }

    @Test
    void overridesSetThroughTheApiShowAsAnEntryAndFollowRealmChanges() {
        String realm = admin.createRealm("seed.json");

        admin.setClientPolicy(realm, "otherClient", "{\"reuseGracePeriod\": 12}");
        JsonNode entry = entryOf(realm, "otherClient");
        assertEquals("12", entry.get("config").get("reuseGracePeriod").get(0).asText());
        assertEquals("inherit", entry.get("config").get("reuseResponse").get(0).asText());

        admin.setPolicy(realm, "{\"reuseResponse\": \"reject-only\"}");
        assertTrue(effective(realm, "otherClient").contains("reuseResponse: reject-only (realm)"), effective(realm, "otherClient"));

        Admin.expect(204, admin.delete("/" + realm + "/refresh-token-policy/clients/" + admin.clientUuid(realm, "otherClient")));
        assertNull(findEntry(realm, "otherClient"), "clearing the overrides removes the entry");
    }

    @Test
    void savingTheRealmTabUpdatesTheEntriesEffectiveValues() {
        String realm = admin.createRealm("seed.json");
        Admin.expect(201, admin.post("/" + realm + "/components", entry(realm, "myClient", "inherit", "5", "inherit").toString()));

        ConsoleRealmTabIT.saveTab(realm, "true", "0", "revoke-user-session");

        assertTrue(effective(realm, "myClient").contains("reuseResponse: revoke-user-session (realm)"), effective(realm, "myClient"));
        assertTrue(effective(realm, "myClient").contains("reuseGracePeriod: 5 (client)"), effective(realm, "myClient"));
    }

    @Test
    void invalidEntriesAreRefusedWithAMessageAndNothingIsSaved() {
        String realm = admin.createRealm("seed.json");

        Http.Response badGrace = admin.post("/" + realm + "/components", entry(realm, "myClient", "inherit", "999", "inherit").toString());
        Http.Response badLifetime = admin.post("/" + realm + "/components", entry(realm, "myClient", "inherit", "inherit", "-7").toString());
        Http.Response unknownClient = admin.post("/" + realm + "/components", entry(realm, "nobody", "inherit", "1", "inherit").toString());
        ObjectNode noClient = entry(realm, "myClient", "inherit", "1", "inherit");
        ((ObjectNode) noClient.get("config")).remove("client");
        Http.Response missingClient = admin.post("/" + realm + "/components", noClient.toString());

        assertRefused(badGrace, "reuseGracePeriod");
        assertRefused(badLifetime, "refreshTokenLifetime");
        assertRefused(unknownClient, "nobody");
        assertRefused(missingClient, "client");
        assertNull(findEntry(realm, "myClient"));
        assertTrue(clientPolicy(realm, "myClient").get("reuseGracePeriod").isNull());

        Admin.expect(201, admin.post("/" + realm + "/components", entry(realm, "myClient", "inherit", "7", "inherit").toString()));
        Http.Response second = admin.post("/" + realm + "/components", entry(realm, "myClient", "false", "8", "inherit").toString());
        assertRefused(second, "already");
        assertEquals(7, clientPolicy(realm, "myClient").get("reuseGracePeriod").asInt());

        ObjectNode edited = (ObjectNode) entryOf(realm, "myClient");
        ((ObjectNode) edited.get("config")).putArray("reuseResponse").add("forgive");
        assertRefused(admin.put("/" + realm + "/components/" + edited.get("id").asText(), edited.toString()), "reuseResponse");
        assertEquals("inherit", entryOf(realm, "myClient").get("config").get("reuseResponse").get(0).asText());
    }

    @Test
    void movingAnEntryToAnotherClientMovesTheOverridesAndDeletingItClearsThem() {
        String realm = admin.createRealm("seed.json");
        Admin.expect(201, admin.post("/" + realm + "/components", entry(realm, "myClient", "false", "9", "inherit").toString()));
        ObjectNode moved = (ObjectNode) entryOf(realm, "myClient");
        ((ObjectNode) moved.get("config")).putArray("client").add("otherClient");

        Admin.expect(204, admin.put("/" + realm + "/components/" + moved.get("id").asText(), moved.toString()));

        assertTrue(clientPolicy(realm, "myClient").get("reuseGracePeriod").isNull());
        assertEquals(9, clientPolicy(realm, "otherClient").get("reuseGracePeriod").asInt());

        Admin.expect(204, admin.delete("/" + realm + "/components/" + moved.get("id").asText()));
        JsonNode cleared = clientPolicy(realm, "otherClient");
        assertTrue(cleared.get("reuseGracePeriod").isNull() && cleared.get("issueRefreshTokensOnRefresh").isNull(), cleared.toString());
    }

    @Test
    void changesToTheClientElsewhereReachItsEntry() {
        String realm = admin.createRealm("seed.json");
        Admin.expect(201, admin.post("/" + realm + "/components", entry(realm, "otherClient", "inherit", "3", "inherit").toString()));
        String uuid = admin.clientUuid(realm, "otherClient");

        ObjectNode client = (ObjectNode) admin.get("/" + realm + "/clients/" + uuid).json();
        ((ObjectNode) client.with("attributes")).put("use.refresh.tokens", "false");
        Admin.expect(204, admin.put("/" + realm + "/clients/" + uuid, client.toString()));
        assertTrue(effective(realm, "otherClient").contains("refreshTokenGrant: false (client)"), effective(realm, "otherClient"));

        client.put("clientId", "renamedClient");
        Admin.expect(204, admin.put("/" + realm + "/clients/" + uuid, client.toString()));
        assertNull(findEntry(realm, "otherClient"));
        assertEquals("3", entryOf(realm, "renamedClient").get("config").get("reuseGracePeriod").get(0).asText());

        Admin.expect(204, admin.delete("/" + realm + "/clients/" + uuid));
        assertNull(findEntry(realm, "renamedClient"), "a removed client's entry goes with it");
    }

    @Test
    void overridesSetThroughKeycloaksClientApiCreateTheEntryAndUpdateIt() {
        String realm = admin.createRealm("seed.json");
        String uuid = admin.clientUuid(realm, "otherClient");
        ObjectNode client = (ObjectNode) admin.get("/" + realm + "/clients/" + uuid).json();
        ObjectNode attributes = client.with("attributes");
        attributes.put("refreshTokenPolicy.reuseGracePeriod", "12").put("refreshTokenPolicy.reuseResponse", "reject-only");

        Admin.expect(204, admin.put("/" + realm + "/clients/" + uuid, client.toString()));

        assertEntryShows(realm, "otherClient");
        assertEquals("12", entryOf(realm, "otherClient").get("config").get("reuseGracePeriod").get(0).asText());
        assertTrue(effective(realm, "otherClient").contains("reuseResponse: reject-only (client)"), effective(realm, "otherClient"));

        attributes.put("refreshTokenPolicy.reuseGracePeriod", "13").put("refreshTokenPolicy.reuseResponse", "revoke-user-session");
        Admin.expect(204, admin.put("/" + realm + "/clients/" + uuid, client.toString()));

        assertEntryShows(realm, "otherClient");
        assertEquals("13", entryOf(realm, "otherClient").get("config").get("reuseGracePeriod").get(0).asText());
        assertEquals("revoke-user-session", entryOf(realm, "otherClient").get("config").get("reuseResponse").get(0).asText());
        assertTrue(effective(realm, "otherClient").contains("reuseResponse: revoke-user-session (client)"), effective(realm, "otherClient"));
        assertNull(findEntry(realm, "myClient"), "a client without overrides has no entry");
    }

    @Test
    void clientCreatedThroughKeycloaksClientApiWithOverridesHasItsEntry() {
        String realm = admin.createRealm("seed.json");
        ObjectNode client = Http.JSON.createObjectNode().put("clientId", "newClient").put("secret", "new-secret");
        client.putObject("attributes").put("refreshTokenPolicy.issueRefreshTokensOnRefresh", "false");

        Admin.expect(201, admin.post("/" + realm + "/clients", client.toString()));

        assertEntryShows(realm, "newClient");
        assertTrue(effective(realm, "newClient").contains("issueRefreshTokensOnRefresh: false (client)"), effective(realm, "newClient"));
    }

    @Test
    void realmImportWithClientOverridesButNoEntriesCreatesOneEntryPerClientWithOverrides() {
        String realm = admin.createRealm("client-overrides-import.json");

        assertEntryShows(realm, "rotating");
        assertEntryShows(realm, "quiet");
        assertTrue(effective(realm, "rotating").contains("reuseGracePeriod: 20 (client)"), effective(realm, "rotating"));
        assertTrue(effective(realm, "rotating").contains("reuseResponse: reject-only (realm)"), effective(realm, "rotating"));
        assertTrue(effective(realm, "quiet").contains("issueRefreshTokensOnRefresh: false (client)"), effective(realm, "quiet"));
        assertNull(findEntry(realm, "plain"), "a client without overrides has no entry");
        assertEquals(2, admin.get("/" + realm + "/components?type=" + PAGE_TYPE).json().size());
    }

    @Test
    void realmWithEntriesCanBeDeleted() {
        String realm = admin.createRealm("seed.json");
        admin.setClientPolicy(realm, "myClient", "{\"reuseGracePeriod\": 4}");
        admin.setClientPolicy(realm, "otherClient", "{\"refreshTokenLifetime\": 60}");

        Admin.expect(204, admin.delete("/" + realm));

        assertEquals(404, admin.get("/" + realm).status());
    }

    @Test
    void realmImportWithAnEntryKeepsItAndComputesItsEffectiveValues() {
        String realm = admin.createRealm("console-entry.json");

        assertEquals(1, admin.get("/" + realm + "/components?type=" + PAGE_TYPE).json().size(), "the imported entry, and no second one");

        assertTrue(effective(realm, "app").contains("reuseGracePeriod: 20 (client)"), effective(realm, "app"));
        assertEquals(20, clientPolicy(realm, "app").get("reuseGracePeriod").asInt());
    }

    @Test
    void realmImportWithAnEntryForAClientItDoesNotHaveIsRefusedWithTheEntrysMessageAndCreatesNoRealm() {
        String realm = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        String json = "{\"realm\": \"" + realm + "\", \"enabled\": true, \"components\": {\"" + PAGE_TYPE + "\": ["
                + "{\"name\": \"ghost\", \"providerId\": \"rtp-client-overrides\", \"config\": {\"client\": [\"ghost\"]}}]}}";

        Http.Response refused = admin.post("", json);

        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("Client ghost does not exist"), refused.body());
        assertEquals(404, admin.get("/" + realm).status(), "no realm is left behind");
    }

    /** The client's entry holds each override exactly as the admin API answers it ("inherit" for none), as the console reads it. */
    private static void assertEntryShows(String realm, String clientId) {
        JsonNode overrides = clientPolicy(realm, clientId);
        JsonNode config = entryOf(realm, clientId).get("config");
        overrides.fieldNames().forEachRemaining(field -> {
            if (!field.equals("refreshTokenGrant")) {
                String expected = overrides.get(field).isNull() ? "inherit" : overrides.get(field).asText();
                assertEquals(expected, config.get(field).get(0).asText(), field);
            }
        });
    }

    /** What the console's page handler posts for a new entry: every form field. */
    private static ObjectNode entry(String realm, String clientId, String rotate, String grace, String lifetime) {
        ObjectNode entry = Http.JSON.createObjectNode();
        entry.put("providerId", "rtp-client-overrides").put("providerType", PAGE_TYPE).put("parentId", realmId(realm));
        ObjectNode config = entry.putObject("config");
        config.putArray("client").add(clientId);
        config.putArray("issueRefreshTokensOnRefresh").add(rotate);
        config.putArray("reuseGracePeriod").add(grace);
        config.putArray("reuseResponse").add("inherit");
        config.putArray("refreshTokenLifetime").add(lifetime);
        config.putArray("offlineRefreshTokenLifetime").add("inherit");
        config.putArray("effective").add("typed by an admin, replaced by the server");
        return entry;
    }

    private static void assertRefused(Http.Response response, String messagePart) {
        assertEquals(400, response.status(), response.body());
        assertTrue(response.body().contains(messagePart), response.body());
    }

    private static String realmId(String realm) {
        return admin.get("/" + realm).json().get("id").asText();
    }

    static JsonNode clientPolicy(String realm, String clientId) {
        return Admin.expect(200, admin.get("/" + realm + "/refresh-token-policy/clients/" + admin.clientUuid(realm, clientId))).json();
    }

    private static String effective(String realm, String clientId) {
        return entryOf(realm, clientId).get("config").get("effective").get(0).asText();
    }

    static JsonNode entryOf(String realm, String clientId) {
        JsonNode entry = findEntry(realm, clientId);
        if (entry == null) {
            throw new AssertionError("no entry for " + clientId);
        }
        return entry;
    }

    static JsonNode findEntry(String realm, String clientId) {
        for (JsonNode entry : admin.get("/" + realm + "/components?type=" + PAGE_TYPE).json()) {
            if (entry.get("config").has("client") && clientId.equals(entry.get("config").get("client").get(0).asText())) {
                return entry;
            }
        }
        return null;
    }
}
