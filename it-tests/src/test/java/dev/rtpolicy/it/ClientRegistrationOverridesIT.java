package dev.rtpolicy.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.KeycloakLine;
import dev.rtpolicy.it.support.ServerTestBase;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Client overrides need the admin API's client roles however they are written (issue 13 §2). Keycloak's own
 * dynamic client registration ({@code clients-registrations/default}) takes a whole client representation from a
 * registrant holding only an initial access token: it must not let the client choose its own refresh-token policy.
 */
class ClientRegistrationOverridesIT extends ServerTestBase {

    private String realm;

    @BeforeEach
    void freshRealm() {
        realm = admin.createRealm("hostile-review.json");
    }

    @Test
    void registrationWhenClientSetsItsOwnOverridesThenInvalidClientMetadataAndNoClient() {
        Http.Response registered = register("{\"clientId\": \"self-registered\", \"secret\": \"self-secret\", \"publicClient\": false,"
                + " \"directAccessGrantsEnabled\": true, \"attributes\": {\"refreshTokenPolicy.reuseResponse\": \"reject-only\","
                + " \"refreshTokenPolicy.reuseGracePeriod\": \"300\", \"refreshTokenPolicy.issueRefreshTokensOnRefresh\": \"false\"}}");

        // RFC 7591 §3.2.2
        assertEquals(400, registered.status(), registered.body());
        assertEquals("invalid_client_metadata", registered.json().get("error").asText(), registered.body());
        assertEquals(0, Admin.expect(200, admin.get("/" + realm + "/clients?clientId=self-registered")).json().size());
    }

    @Test
    void registrationUpdateWhenClientChangesItsOverridesThenRefusedAndAdminOverridesKept() {
        JsonNode registered = Admin.expect(201, register("{\"clientId\": \"self-registered\", \"secret\": \"self-secret\","
                + " \"publicClient\": false, \"directAccessGrantsEnabled\": true}")).json();
        String uuid = admin.clientUuid(realm, "self-registered");
        admin.setClientPolicy(realm, "self-registered", "{\"reuseGracePeriod\": 10}");
        String url = server.baseUrl() + "/realms/" + realm + "/clients-registrations/default/self-registered";
        String registrationToken = registered.get("registrationAccessToken").asText();
        ObjectNode client = (ObjectNode) Admin.expect(200, Http.plain().get(url, registrationToken)).json();
        if (client.hasNonNull("registrationAccessToken")) {
            registrationToken = client.get("registrationAccessToken").asText();
        }

        ObjectNode changed = client.deepCopy();
        ((ObjectNode) changed.get("attributes")).put("refreshTokenPolicy.reuseResponse", "reject-only");
        Http.Response refused = Http.plain().sendJson("PUT", url, registrationToken, changed.toString());
        assertEquals(400, refused.status(), refused.body());
        assertEquals("invalid_client_metadata", refused.json().get("error").asText(), refused.body());

        JsonNode effective = Admin.expect(200, admin.get("/" + realm + "/refresh-token-policy/clients/" + uuid + "/effective")).json();
        assertEquals("revoke-grant", effective.get("reuseResponse").get("value").asText(), effective.toString());
        assertEquals(10, effective.get("reuseGracePeriod").get("value").asInt(), effective.toString());
        // an update that leaves the overrides as they are is Keycloak's as before
        client.put("description", "updated by the registrant");
        Http.Response updated = Http.plain().sendJson("PUT", url, registrationToken, client.toString());
        assertEquals(200, updated.status(), updated.body());
        assertEquals("updated by the registrant", updated.json().get("description").asText());
    }

    private Http.Response register(String client) {
        String initialAccess = Admin.expect(KeycloakLine.initialAccessCreatedStatus(), admin.post("/" + realm + "/clients-initial-access", "{\"count\": 1, \"expiration\": 300}"))
                .json().get("token").asText();
        return Http.plain().sendJson("POST", server.baseUrl() + "/realms/" + realm + "/clients-registrations/default", initialAccess, client);
    }
}
