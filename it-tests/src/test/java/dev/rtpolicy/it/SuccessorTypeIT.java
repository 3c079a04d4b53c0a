package dev.rtpolicy.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A rotated refresh token is of the presented token's kind, as in stock Keycloak: a refresh never turns an online
 * grant into an offline one, even when {@code offline_access} has become one of the client's default scopes since the
 * login (the client session's scopes then name it, the presented token does not). Minting through the client
 * session's scopes instead made such a refresh offline, or refused it ({@code not_allowed}) for a user without the
 * offline role.
 */
class SuccessorTypeIT extends ServerTestBase {

    private String realm;
    private OAuthClient myClient;

    @BeforeEach
    void freshRealm() {
        realm = admin.createRealm("hostile-review.json");
        myClient = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void refreshWhenOfflineAccessBecameADefaultScopeAfterLoginThenSuccessorStaysOnlineAndNoOfflineSession() {
        String rt = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();
        assertEquals("Refresh", Jwt.claims(rt).get("typ").asText());

        makeOfflineAccessADefaultScopeOfMyClient();
        JsonNode refreshed = ok(myClient.refresh(rt, null));

        JsonNode successor = Jwt.claims(refreshed.get("refresh_token").asText());
        assertEquals("Refresh", successor.get("typ").asText(), successor.toString());
        // claim by claim, the successor is the presented token but for its own id and times
        ObjectNode presentedRest = ((ObjectNode) Jwt.claims(rt)).deepCopy();
        ObjectNode successorRest = ((ObjectNode) successor).deepCopy();
        for (String own : List.of("jti", "iat", "exp")) {
            assertNotEquals(null, successorRest.remove(own), own);
            presentedRest.remove(own);
        }
        assertEquals(presentedRest, successorRest);
        JsonNode offlineSessions = Admin.expect(200, admin.get("/" + realm + "/users/" + aliceId() + "/offline-sessions/"
                + admin.clientUuid(realm, "myClient"))).json();
        assertEquals(0, offlineSessions.size(), offlineSessions.toString());
        ok(myClient.refresh(refreshed.get("refresh_token").asText(), null));
    }

    private void makeOfflineAccessADefaultScopeOfMyClient() {
        String scopeId = null;
        for (JsonNode scope : Admin.expect(200, admin.get("/" + realm + "/client-scopes")).json()) {
            if (scope.get("name").asText().equals("offline_access")) {
                scopeId = scope.get("id").asText();
            }
        }
        String clientScopes = "/" + realm + "/clients/" + admin.clientUuid(realm, "myClient");
        admin.delete(clientScopes + "/optional-client-scopes/" + scopeId); // Keycloak attaches it as optional to new clients
        Admin.expect(204, admin.put(clientScopes + "/default-client-scopes/" + scopeId, "{}"));
    }

    private String aliceId() {
        return Admin.expect(200, admin.get("/" + realm + "/users?username=alice&exact=true")).json().get(0).get("id").asText();
    }
}
