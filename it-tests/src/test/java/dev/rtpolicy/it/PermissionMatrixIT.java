package dev.rtpolicy.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.ConsoleClientPageIT.PAGE_TYPE;
import static dev.rtpolicy.it.ConsoleClientPageIT.entryOf;
import static dev.rtpolicy.it.ConsoleClientPageIT.findEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For every kind of caller, the admin API answers exactly as Keycloak's own API for the same permission: realm
 * settings like the realm's components (view-realm / manage-realm), client overrides like the client
 * (view-clients / manage-clients). Client overrides answer alike however they are reached: the console's per-client
 * entries go through Keycloak's own component endpoints, which ask only for manage-realm / view-realm.
 */
class PermissionMatrixIT extends ServerTestBase {

    /** The override fields of a console entry, as the console's form posts them. */
    private static final List<String> OVERRIDE_FIELDS =
            List.of("issueRefreshTokensOnRefresh", "reuseGracePeriod", "reuseResponse", "refreshTokenLifetime", "offlineRefreshTokenLifetime");
    private static final String MASKED = "**********";

    private static String realm;
    private static Map<String, String> callers;
    private static String componentId;
    private static String clientUuid;
    private static String otherClientUuid;

    @BeforeAll
    static void setUp() {
        realm = admin.createRealm("admin-roles.json");
        String otherRealm = admin.createRealm("admin-roles.json");
        clientUuid = admin.clientUuid(realm, "myClient");
        otherClientUuid = admin.clientUuid(realm, "otherClient");
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 1}");
        JsonNode components = admin.get("/" + realm + "/components?type=dev.rtpolicy.settings.PolicyStore").json();
        componentId = components.get(0).get("id").asText();
        callers = new LinkedHashMap<>();
        callers.put("anonymous", null);
        for (String user : new String[] {"nobody", "realm-viewer", "client-viewer", "settings-manager", "realm-manager", "realm-admin"}) {
            callers.put(user, admin.userToken(realm, "admin-cli", user, "pw").get("access_token").asText());
        }
        callers.put("realm-admin of another realm", admin.userToken(otherRealm, "admin-cli", "realm-admin", "pw").get("access_token").asText());
        callers.put("master admin", admin.token());
    }

    @Test
    void readingRealmSettingsAnswersLikeReadingTheRealmsComponents() {
        for (Map.Entry<String, String> caller : callers.entrySet()) {
            int keycloak = admin.as(caller.getValue(), "GET", "/" + realm + "/components/" + componentId, null).status();
            int ours = admin.as(caller.getValue(), "GET", "/" + realm + "/refresh-token-policy", null).status();
            assertEquals(keycloak, ours, caller.getKey());
        }
    }

    @Test
    void writingRealmSettingsAnswersLikeWritingTheRealmsComponents() {
        for (Map.Entry<String, String> caller : callers.entrySet()) {
            String component = admin.get("/" + realm + "/components/" + componentId).body();
            int keycloak = admin.as(caller.getValue(), "PUT", "/" + realm + "/components/" + componentId, component).status();
            int ours = admin.as(caller.getValue(), "PUT", "/" + realm + "/refresh-token-policy", "{\"reuseGracePeriod\": 1}").status();
            assertEquals(statusClass(keycloak), statusClass(ours), caller.getKey() + ": Keycloak " + keycloak + ", ours " + ours);
        }
    }

    @Test
    void clientOverridesAnswerLikeTheClient() {
        for (Map.Entry<String, String> caller : callers.entrySet()) {
            String token = caller.getValue();
            assertEquals(admin.as(token, "GET", "/" + realm + "/clients/" + clientUuid, null).status(),
                    admin.as(token, "GET", "/" + realm + "/refresh-token-policy/clients/" + clientUuid, null).status(), caller.getKey() + " GET");
            String client = admin.get("/" + realm + "/clients/" + clientUuid).body();
            int keycloakPut = admin.as(token, "PUT", "/" + realm + "/clients/" + clientUuid, client).status();
            int ourPut = admin.as(token, "PUT", "/" + realm + "/refresh-token-policy/clients/" + clientUuid, "{\"reuseGracePeriod\": 2}").status();
            assertEquals(statusClass(keycloakPut), statusClass(ourPut), caller.getKey() + " PUT: Keycloak " + keycloakPut + ", ours " + ourPut);
        }
    }

    @Test
    void creatingAConsoleEntryAnswersLikeOurClientApiAndChangesNothingWhenRefused() {
        for (Map.Entry<String, String> caller : callers.entrySet()) {
            resetOverrides();
            JsonNode before = overrides(otherClientUuid);

            int keycloak = admin.as(caller.getValue(), "POST", "/" + realm + "/components", newEntry("otherClient", "reject-only")).status();

            if (statusClass(keycloak) == 200) {
                assertEquals("reject-only", overrides(otherClientUuid).get("reuseResponse").asText(), caller.getKey());
            } else {
                assertEquals(before, overrides(otherClientUuid), caller.getKey() + ": refused, so unchanged");
                assertNull(findEntry(realm, "otherClient"), caller.getKey() + ": refused, so no entry");
            }
            int ours = admin.as(caller.getValue(), "PUT", clientPath(otherClientUuid), "{\"reuseResponse\": \"reject-only\"}").status();
            assertEquals(statusClass(ours), statusClass(keycloak), caller.getKey() + ": component POST " + keycloak + ", ours " + ours);
        }
    }

    @Test
    void editingAConsoleEntryAnswersLikeOurClientApiAndChangesNothingWhenRefused() {
        for (Map.Entry<String, String> caller : callers.entrySet()) {
            JsonNode before = resetOverrides();
            ObjectNode entry = (ObjectNode) entryOf(realm, "myClient");
            ((ObjectNode) entry.get("config")).putArray("reuseResponse").add("reject-only");

            int keycloak = admin.as(caller.getValue(), "PUT", "/" + realm + "/components/" + entry.get("id").asText(), entry.toString()).status();

            if (statusClass(keycloak) == 200) {
                assertEquals("reject-only", overrides(clientUuid).get("reuseResponse").asText(), caller.getKey());
            } else {
                assertEquals(before, overrides(clientUuid), caller.getKey() + ": refused, so unchanged");
                assertEquals("revoke-user-session", entryOf(realm, "myClient").get("config").get("reuseResponse").get(0).asText(), caller.getKey());
            }
            int ours = admin.as(caller.getValue(), "PUT", clientPath(clientUuid), "{\"reuseResponse\": \"reject-only\"}").status();
            assertEquals(statusClass(ours), statusClass(keycloak), caller.getKey() + ": component PUT " + keycloak + ", ours " + ours);
        }
    }

    @Test
    void deletingAConsoleEntryAnswersLikeOurClientApiAndChangesNothingWhenRefused() {
        for (Map.Entry<String, String> caller : callers.entrySet()) {
            JsonNode before = resetOverrides();
            String entryId = entryOf(realm, "myClient").get("id").asText();

            int keycloak = admin.as(caller.getValue(), "DELETE", "/" + realm + "/components/" + entryId, null).status();

            if (statusClass(keycloak) == 200) {
                assertTrue(overrides(clientUuid).get("reuseGracePeriod").isNull(), caller.getKey() + ": " + overrides(clientUuid));
            } else {
                assertEquals(before, overrides(clientUuid), caller.getKey() + ": refused, so unchanged");
                assertEquals(entryId, entryOf(realm, "myClient").get("id").asText(), caller.getKey() + ": refused, so the entry stays");
            }
            int ours = admin.as(caller.getValue(), "DELETE", clientPath(clientUuid), null).status();
            assertEquals(statusClass(ours), statusClass(keycloak), caller.getKey() + ": component DELETE " + keycloak + ", ours " + ours);
        }
    }

    /**
     * Keycloak lets view-realm read every component; the entries' override values are masked for an admin who may not
     * read them through our API, and equal to our API's for one who may.
     */
    @Test
    void readingConsoleEntriesRevealsOverridesOnlyToAdminsOurClientApiShowsThemTo() {
        resetOverrides();
        String entryId = entryOf(realm, "myClient").get("id").asText();
        for (Map.Entry<String, String> caller : callers.entrySet()) {
            Http.Response ours = admin.as(caller.getValue(), "GET", clientPath(clientUuid), null);
            Http.Response list = admin.as(caller.getValue(), "GET", "/" + realm + "/components?type=" + PAGE_TYPE, null);
            Http.Response one = admin.as(caller.getValue(), "GET", "/" + realm + "/components/" + entryId, null);

            assertRevealsOnlyWhatOursShows(caller.getKey() + " list", ours, list.status() == 200 ? myClientEntry(list.json()) : null, list.status());
            assertRevealsOnlyWhatOursShows(caller.getKey() + " one", ours, one.status() == 200 ? one.json() : null, one.status());
        }
    }

    /** The entries' effective values follow a realm change by an admin without client roles, who sees them masked. */
    @Test
    void realmSettingsChangedByAnAdminWithoutClientRolesStillReachTheConsoleEntries() {
        resetOverrides();
        String settingsManager = callers.get("settings-manager");

        Admin.expect(200, admin.as(settingsManager, "PUT", "/" + realm + "/refresh-token-policy", "{\"refreshTokenLifetime\": 900}"));

        String effective = entryOf(realm, "myClient").get("config").get("effective").get(0).asText();
        assertTrue(effective.contains("refreshTokenLifetime: 900 (realm)"), effective);
        assertTrue(effective.contains("reuseGracePeriod: 2 (client)"), effective);
        Admin.expect(200, admin.as(settingsManager, "PUT", "/" + realm + "/refresh-token-policy", "{\"refreshTokenLifetime\": null}"));
    }

    /**
     * The same through Keycloak's own component endpoint: the entries follow, and keeping them in step asks the admin for
     * no client role, as it changes no client's overrides.
     */
    @Test
    void realmSettingsChangedThroughTheComponentsApiByAnAdminWithoutClientRolesStillReachTheConsoleEntries() {
        JsonNode before = resetOverrides();
        String settingsManager = callers.get("settings-manager");
        ObjectNode store = (ObjectNode) admin.get("/" + realm + "/components/" + componentId).json();
        ((ObjectNode) store.get("config")).putArray("refreshTokenLifetime").add("800");

        Admin.expect(204, admin.as(settingsManager, "PUT", "/" + realm + "/components/" + componentId, store.toString()));

        String effective = entryOf(realm, "myClient").get("config").get("effective").get(0).asText();
        assertTrue(effective.contains("refreshTokenLifetime: 800 (realm)"), effective);
        assertEquals(before, overrides(clientUuid));
        Admin.expect(200, admin.as(settingsManager, "PUT", "/" + realm + "/refresh-token-policy", "{\"refreshTokenLifetime\": null}"));
    }

    /** The entries go with the clients, whose removal Keycloak authorized; nothing asks for client roles on the way. */
    @Test
    void anAdminWithManageRealmOnlyCanDeleteARealmWithConsoleEntries() {
        String doomed = admin.createRealm("admin-roles.json");
        admin.setClientPolicy(doomed, "myClient", "{\"reuseGracePeriod\": 3}");
        assertNotNull(findEntry(doomed, "myClient"));
        String settingsManager = admin.userToken(doomed, "admin-cli", "settings-manager", "pw").get("access_token").asText();

        Admin.expect(204, admin.as(settingsManager, "DELETE", "/" + doomed, null));

        assertEquals(404, admin.get("/" + doomed).status());
    }

    private static void assertRevealsOnlyWhatOursShows(String caller, Http.Response ours, JsonNode entry, int status) {
        if (entry == null) {
            assertTrue(status == 401 || status == 403, caller + ": " + status);
            return;
        }
        JsonNode config = entry.get("config");
        assertEquals("myClient", config.get("client").get(0).asText(), caller);
        String effective = config.get("effective").get(0).asText();
        if (ours.status() == 200) {
            for (String field : OVERRIDE_FIELDS) {
                JsonNode value = ours.json().get(field);
                assertEquals(value.isNull() ? "inherit" : value.asText(), config.get(field).get(0).asText(), caller + " " + field);
            }
            assertTrue(effective.contains("reuseGracePeriod: 2 (client)"), caller + ": " + effective);
        } else {
            for (String field : OVERRIDE_FIELDS) {
                assertEquals(MASKED, config.get(field).get(0).asText(), caller + " " + field);
            }
            assertEquals(MASKED, effective, caller);
        }
    }

    private static JsonNode myClientEntry(JsonNode entries) {
        for (JsonNode entry : entries) {
            if ("rtp-client-overrides".equals(entry.get("providerId").asText()) && "myClient".equals(entry.get("name").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no entry named myClient: " + entries);
    }

    /** myClient overrides grace and reuse response (so it has an entry); otherClient overrides nothing and has none. */
    private static JsonNode resetOverrides() {
        Admin.expect(204, admin.delete(clientPath(otherClientUuid)));
        Admin.expect(204, admin.delete(clientPath(clientUuid)));
        Admin.expect(200, admin.put(clientPath(clientUuid), "{\"reuseGracePeriod\": 2, \"reuseResponse\": \"revoke-user-session\"}"));
        assertFalse(overrides(otherClientUuid).get("reuseResponse").isTextual());
        return overrides(clientUuid);
    }

    private static JsonNode overrides(String uuid) {
        return Admin.expect(200, admin.get(clientPath(uuid))).json();
    }

    private static String clientPath(String uuid) {
        return "/" + realm + "/refresh-token-policy/clients/" + uuid;
    }

    /** What the console's page handler posts for a new entry. */
    private static String newEntry(String clientId, String reuseResponse) {
        ObjectNode entry = Http.JSON.createObjectNode();
        entry.put("providerId", "rtp-client-overrides").put("providerType", PAGE_TYPE).put("parentId", admin.get("/" + realm).json().get("id").asText());
        ObjectNode config = entry.putObject("config");
        config.putArray("client").add(clientId);
        for (String field : OVERRIDE_FIELDS) {
            config.putArray(field).add(field.equals("reuseResponse") ? reuseResponse : "inherit");
        }
        return entry.toString();
    }

    /** Keycloak answers a successful PUT with 204, ours with 200 and the new settings: compare 2xx with 2xx. */
    private static int statusClass(int status) {
        return status >= 200 && status < 300 ? 200 : status;
    }
}
