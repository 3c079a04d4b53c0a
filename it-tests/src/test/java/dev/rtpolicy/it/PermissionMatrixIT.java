package dev.rtpolicy.it;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.ServerTestBase;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * For every kind of caller, the admin API answers exactly as Keycloak's own API for the same permission: realm
 * settings like the realm's components (view-realm / manage-realm), client overrides like the client
 * (view-clients / manage-clients).
 */
class PermissionMatrixIT extends ServerTestBase {

    private static String realm;
    private static Map<String, String> callers;
    private static String componentId;
    private static String clientUuid;

    @BeforeAll
    static void setUp() {
        realm = admin.createRealm("admin-roles.json");
        String otherRealm = admin.createRealm("admin-roles.json");
        clientUuid = admin.clientUuid(realm, "myClient");
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 1}");
        JsonNode components = admin.get("/" + realm + "/components?type=dev.rtpolicy.settings.PolicyStore").json();
        componentId = components.get(0).get("id").asText();
        callers = new LinkedHashMap<>();
        callers.put("anonymous", null);
        for (String user : new String[] {"nobody", "realm-viewer", "client-viewer", "realm-manager", "realm-admin"}) {
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

    /** Keycloak answers a successful PUT with 204, ours with 200 and the new settings: compare 2xx with 2xx. */
    private static int statusClass(int status) {
        return status >= 200 && status < 300 ? 200 : status;
    }
}
