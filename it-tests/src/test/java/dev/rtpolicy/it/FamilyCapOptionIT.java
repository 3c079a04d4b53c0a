package dev.rtpolicy.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cap on families per client session is a server option an operator sets in {@code conf/keycloak.conf} (or as
 * {@code --spi-…} / {@code KC_SPI_…}), on a server of its own with a cap of 3.
 */
class FamilyCapOptionIT {

    private static KeycloakServer server;
    private static Admin admin;

    @BeforeAll
    static void serverWithCapThree() throws Exception {
        server = KeycloakServer.configuredCopy("keycloak-family-cap",
                List.of("spi-refresh-token-policy-store--refresh-token-policy--max-families-per-client-session=3"));
        admin = new Admin(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stopAndDropDatabase();
        }
    }

    @Test
    void silentLoginsWhenCapConfiguredThreeThenOnlyTheNewestThreeFamiliesRefresh() {
        String realm = admin.createRealm("family-state.json");
        OAuthClient client = new OAuthClient(server, realm, "myClient", "forgerock");
        Http browser = Http.browser();
        List<JsonNode> logins = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            logins.add(ok(client.authorizationCode(browser, "alice", "alice-password", "openid")));
        }

        for (JsonNode dropped : logins.subList(0, 2)) {
            Http.Response refused = client.refresh(dropped.get("refresh_token").asText(), null);
            assertOAuthError(400, "invalid_grant", refused);
            assertEquals("Refresh token is no longer valid", refused.json().get("error_description").asText());
        }
        for (JsonNode kept : logins.subList(2, 5)) {
            ok(client.refresh(kept.get("refresh_token").asText(), null));
        }
    }

    @Test
    void serverInfoWhenCapConfiguredThenReportsIt() {
        JsonNode serverInfo = Admin.expect(200, Http.plain().get(server.baseUrl() + "/admin/serverinfo", admin.token())).json();
        JsonNode info = serverInfo.get("providers").get("refresh-token-policy-store").get("providers").get("refresh-token-policy").get("operationalInfo");

        assertEquals("3", info.get("maxFamiliesPerClientSession").asText(), info.toString());
    }
}
