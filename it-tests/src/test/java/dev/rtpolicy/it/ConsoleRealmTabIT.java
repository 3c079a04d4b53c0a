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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The realm settings tab of the admin console, driven through the component API exactly as the console's page
 * handler saves it: its form and the admin REST API never disagree, and the token endpoint enforces what was saved.
 * The rendered tab is tested in {@link AdminConsoleBrowserIT}.
 */
class ConsoleRealmTabIT extends ServerTestBase {

    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    private static final String STORE_TYPE = "dev.rtpolicy.settings.PolicyStore";

    @Test
    void tabIsRegisteredWithItsRouteWhenDeclarativeUiIsOn() {
        JsonNode serverInfo = Admin.expect(200, Http.plain().get(server.baseUrl() + "/admin/serverinfo", admin.token())).json();

        JsonNode tab = serverInfo.get("componentTypes").get(TAB_TYPE);
        String tabs = tab.toString();
        assertTrue(tabs.contains("\"id\":\"rtp-refresh-tokens\""), tabs);
        assertTrue(tabs.contains("/:realm/realm-settings/:tab?"), tabs);
    }

    @Test
    void savingTheTabWritesTheSettingsAndTheTokenEndpointEnforcesThem() {
        String realm = admin.createRealm("seed.json");

        saveTab(realm, "false", "30", "reject-only");

        JsonNode settings = admin.policy(realm);
        assertEquals(false, settings.get("issueRefreshTokensOnRefresh").asBoolean());
        assertEquals(30, settings.get("reuseGracePeriod").asInt());
        assertEquals("reject-only", settings.get("reuseResponse").asText());
        OAuthClient client = new OAuthClient(server, realm, "myClient", "forgerock");
        String token = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        assertNull(ok(client.refresh(token, null)).get("refresh_token"), "rotation is off");
    }

    @Test
    void settingsChangedThroughTheApiShowInTheTabAfterAReload() {
        String realm = admin.createRealm("seed.json");
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 45, \"refreshTokenLifetime\": 600}");

        JsonNode config = tabComponent(realm).get("config");
        assertEquals("45", config.get("reuseGracePeriod").get(0).asText());
        assertEquals("600", config.get("refreshTokenLifetime").get(0).asText());
        assertEquals("true", config.get("issueRefreshTokensOnRefresh").get(0).asText());
    }

    @Test
    void settingsChangedThroughKeycloaksComponentsApiShowInTheTabAndTheEntriesAfterAReload() {
        String realm = admin.createRealm("seed.json");
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 45}");
        admin.setClientPolicy(realm, "otherClient", "{\"refreshTokenLifetime\": 60}");
        ObjectNode store = (ObjectNode) storeComponent(realm);
        ObjectNode config = store.putObject("config");
        config.putArray("reuseGracePeriod").add("50");
        config.putArray("reuseResponse").add("reject-only");
        config.putArray("issueRefreshTokensOnRefresh").add("false");

        Admin.expect(204, admin.put("/" + realm + "/components/" + store.get("id").asText(), store.toString()));

        JsonNode settings = admin.policy(realm);
        assertEquals(50, settings.get("reuseGracePeriod").asInt());
        assertEquals("reject-only", settings.get("reuseResponse").asText());
        assertTabShows(realm, settings);
        String effective = ConsoleClientPageIT.entryOf(realm, "otherClient").get("config").get("effective").get(0).asText();
        assertTrue(effective.contains("reuseGracePeriod: 50 (realm)"), effective);
        assertTrue(effective.contains("reuseResponse: reject-only (realm)"), effective);
        assertTrue(effective.contains("issueRefreshTokensOnRefresh: false (realm)"), effective);
        assertTrue(effective.contains("refreshTokenLifetime: 60 (client)"), effective);
    }

    @Test
    void settingsCreatedThroughKeycloaksComponentsApiShowInTheTab() {
        String realm = admin.createRealm("seed.json");
        assertEquals(0, admin.get("/" + realm + "/components?type=" + STORE_TYPE).json().size(), "no settings stored yet");
        ObjectNode store = Http.JSON.createObjectNode();
        store.put("name", "refresh-token-policy").put("providerId", "refresh-token-policy").put("providerType", STORE_TYPE);
        store.putObject("config").putArray("refreshTokenLifetime").add("700");

        Admin.expect(201, admin.post("/" + realm + "/components", store.toString()));

        JsonNode settings = admin.policy(realm);
        assertEquals(700, settings.get("refreshTokenLifetime").asInt());
        assertTabShows(realm, settings);
    }

    @Test
    void secondSettingsComponentThroughKeycloaksComponentsApiIsRefusedAndChangesNothing() {
        String realm = admin.createRealm("policy-import.json");
        JsonNode before = admin.policy(realm);
        ObjectNode second = (ObjectNode) storeComponent(realm).deepCopy();
        second.remove("id");
        second.putObject("config").putArray("reuseGracePeriod").add("0");

        Http.Response refused = admin.post("/" + realm + "/components", second.toString());

        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("already"), refused.body());
        assertEquals(before, admin.policy(realm));
        assertEquals("25", storeComponent(realm).get("config").get("reuseGracePeriod").get(0).asText());
    }

    @Test
    void settingsComponentMovedToAnotherRealmIsRefusedAndChangesNothing() {
        String realm = admin.createRealm("policy-import.json");
        String otherRealm = admin.createRealm("seed.json");
        ObjectNode moved = (ObjectNode) storeComponent(realm).deepCopy();
        moved.put("parentId", Admin.expect(200, admin.get("/" + otherRealm)).json().get("id").asText());

        Http.Response refused = admin.put("/" + realm + "/components/" + moved.get("id").asText(), moved.toString());

        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("parentId"), refused.body());
        assertEquals(25, admin.policy(realm).get("reuseGracePeriod").asInt());
        assertEquals(0, admin.get("/" + otherRealm + "/components?type=" + STORE_TYPE).json().size());
    }

    @Test
    void realmJsonWithTwoSettingsComponentsOrAnInvalidValueIsRefusedWithAMessageAndCreatesNoRealm() {
        String twoStores = "{\"realm\": \"%s\", \"enabled\": true, \"components\": {\"" + STORE_TYPE + "\": ["
                + "{\"name\": \"refresh-token-policy\", \"providerId\": \"refresh-token-policy\", \"config\": {\"reuseGracePeriod\": [\"25\"]}},"
                + "{\"name\": \"refresh-token-policy\", \"providerId\": \"refresh-token-policy\", \"config\": {\"reuseGracePeriod\": [\"0\"]}}]}}";
        String invalidValue = "{\"realm\": \"%s\", \"enabled\": true, \"components\": {\"" + STORE_TYPE + "\": ["
                + "{\"name\": \"refresh-token-policy\", \"providerId\": \"refresh-token-policy\", \"config\": {\"reuseGracePeriod\": [\"soon\"]}}]}}";
        for (String[] refusal : new String[][] {{twoStores, "already"}, {invalidValue, "reuseGracePeriod"}}) {
            String realm = "refused-" + UUID.randomUUID().toString().substring(0, 8);

            Http.Response refused = admin.post("", String.format(refusal[0], realm));

            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.body().contains(refusal[1]), refused.body());
            assertEquals(404, admin.get("/" + realm).status(), "no realm is left behind");
        }
    }

    @Test
    void invalidValueInTheTabIsRefusedWithTheFieldsMessageAndNothingSaved() {
        String realm = admin.createRealm("seed.json");
        saveTab(realm, "true", "10", "revoke-grant");
        ObjectNode component = (ObjectNode) tabComponent(realm);
        ((ObjectNode) component.get("config")).putArray("reuseGracePeriod").add("999");

        Http.Response refused = admin.put("/" + realm + "/components/" + component.get("id").asText(), component.toString());

        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("reuseGracePeriod"), refused.body());
        assertEquals(10, admin.policy(realm).get("reuseGracePeriod").asInt());
        assertEquals("10", tabComponent(realm).get("config").get("reuseGracePeriod").get(0).asText());
    }

    @Test
    void newRealmHasItsFormShowingTheImportedSettingsAndASecondFormIsRefused() {
        String realm = admin.createRealm("policy-import.json");

        JsonNode config = tabComponent(realm).get("config");
        assertEquals("25", config.get("reuseGracePeriod").get(0).asText());
        assertEquals("reject-only", config.get("reuseResponse").get(0).asText());
        assertEquals("true", config.get("issueRefreshTokensOnRefresh").get(0).asText(), "defaults are shown too");

        ObjectNode second = (ObjectNode) tabComponent(realm).deepCopy();
        second.remove("id");
        Http.Response refused = admin.post("/" + realm + "/components", second.toString());
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("already"), refused.body());
    }

    /** The tab's form holds every realm setting exactly as the admin API answers it, as the console reads it. */
    /** The tab's form shows each setting as text; a list as the console's text field shows it, {@code [a, b]}. */
    private static void assertTabShows(String realm, JsonNode settings) {
        JsonNode config = tabComponent(realm).get("config");
        settings.fieldNames().forEachRemaining(field -> {
            JsonNode value = settings.get(field);
            String expected = value.isArray() ? "[" + String.join(", ", Http.JSON.convertValue(value, String[].class)) + "]" : value.asText();
            assertEquals(expected, config.get(field).get(0).asText(), field);
        });
    }

    private static JsonNode storeComponent(String realm) {
        JsonNode stores = admin.get("/" + realm + "/components?type=" + STORE_TYPE).json();
        assertEquals(1, stores.size(), stores.toString());
        return stores.get(0);
    }

    /** What the console's page handler puts: the realm's form (created with the realm), with the route parameters. */
    static void saveTab(String realm, String rotate, String grace, String reuseResponse) {
        ObjectNode tab = (ObjectNode) tabComponent(realm);
        ObjectNode config = tab.putObject("config");
        config.putArray("issueRefreshTokens").add("true");
        config.putArray("issueRefreshTokensOnRefresh").add(rotate);
        config.putArray("reuseGracePeriod").add(grace);
        config.putArray("reuseResponse").add(reuseResponse);
        config.putArray("refreshTokenLifetime").add("-1");
        config.putArray("offlineRefreshTokenLifetime").add("-1");
        config.putArray("realm").add(realm);
        config.putArray("tab").add("refresh-tokens");
        Admin.expect(204, admin.put("/" + realm + "/components/" + tab.get("id").asText(), tab.toString()));
    }

    static JsonNode tabComponent(String realm) {
        JsonNode tabs = admin.get("/" + realm + "/components?type=" + TAB_TYPE).json();
        for (JsonNode tab : tabs) {
            if ("rtp-refresh-tokens".equals(tab.get("providerId").asText())) {
                return tab;
            }
        }
        throw new AssertionError("no tab component: " + tabs);
    }
}
