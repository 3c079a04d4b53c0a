package dev.rtpolicy.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.ServerTestBase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
    void registrationWhenClientSetsItsOwnOverridesThenRealmPolicyStillApplies() {
        String initialAccess = Admin.expect(201, admin.post("/" + realm + "/clients-initial-access", "{\"count\": 1, \"expiration\": 300}"))
                .json().get("token").asText();

        Http.Response registered = Http.plain().sendJson("POST", server.baseUrl() + "/realms/" + realm + "/clients-registrations/default",
                initialAccess, "{\"clientId\": \"self-registered\", \"secret\": \"self-secret\", \"publicClient\": false,"
                        + " \"directAccessGrantsEnabled\": true, \"attributes\": {\"refreshTokenPolicy.reuseResponse\": \"reject-only\","
                        + " \"refreshTokenPolicy.reuseGracePeriod\": \"300\", \"refreshTokenPolicy.issueRefreshTokensOnRefresh\": \"false\"}}");
        if (registered.status() != 201) {
            // refusing the registration is as good: a clear 4xx, and no client was created
            assertEquals(403, registered.status(), registered.body());
            assertEquals(0, Admin.expect(200, admin.get("/" + realm + "/clients?clientId=self-registered")).json().size());
            return;
        }

        JsonNode effective = Admin.expect(200, admin.get("/" + realm + "/refresh-token-policy/clients/"
                + admin.clientUuid(realm, "self-registered") + "/effective")).json();
        for (String field : new String[] {"reuseResponse", "reuseGracePeriod", "issueRefreshTokensOnRefresh"}) {
            assertNotEquals("client", effective.get(field).get("source").asText(), field + " chosen by the registrant: " + effective);
        }
        assertEquals("revoke-grant", effective.get("reuseResponse").get("value").asText());
    }
}
