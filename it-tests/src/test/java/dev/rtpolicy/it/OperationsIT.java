package dev.rtpolicy.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.KeycloakLine;
import dev.rtpolicy.it.support.Metrics;
import dev.rtpolicy.it.support.ServerTestBase;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The version guard's status, the server info, and the metrics counters on the real server. */
class OperationsIT extends ServerTestBase {


    @Test
    void statusReportsVersionsAndThatTheCombinationIsTested() {
        String realm = admin.createRealm("seed.json");

        JsonNode status = Admin.expect(200, admin.get("/" + realm + "/refresh-token-policy/status")).json();

        assertEquals(System.getProperty("keycloak.version"), status.get("keycloakVersion").asText());
        assertEquals(System.getProperty("keycloak.version"), status.get("testedKeycloakVersions").get(0).asText());
        assertTrue(status.get("tested").asBoolean());
        assertTrue(status.get("extensionVersion").asText().startsWith("26.7"));
    }

    @Test
    void statusWhenTheExtensionsSessionPersisterRunsThenEndedSessionsAreToldByHints() {
        String realm = admin.createRealm("seed.json");

        JsonNode status = Admin.expect(200, admin.get("/" + realm + "/refresh-token-policy/status")).json();

        // Keycloak kept the extension's persister in place of its own jpa one: only a hinted session costs a query
        assertEquals("hints", status.get("endedSessionCheck").asText());
    }

    @Test
    void serverInfoShowsProvidersWithOperationalInfo() {
        JsonNode serverInfo = Admin.expect(200, Http.plain().get(server.baseUrl() + "/admin/serverinfo", admin.token())).json();

        // the store's factory exists on every line: it carries the version guard's verdict
        JsonNode store = serverInfo.get("providers").get("refresh-token-policy-store").get("providers").get("refresh-token-policy");
        assertEquals("true", store.get("operationalInfo").get("tested").asText());
        assertEquals(System.getProperty("keycloak.version"), store.get("operationalInfo").get("keycloakVersion").asText());
        assertEquals(System.getProperty("keycloak.line"), store.get("operationalInfo").get("keycloakLine").asText());
        // from 26.7 the policy is Keycloak's refresh-token provider
        assertEquals(KeycloakLine.hasRefreshTokenSpi(),
                serverInfo.get("providers").has("refresh-token") && serverInfo.get("providers").get("refresh-token").get("providers").has("refresh-token-policy"));
    }

    @Test
    void metricsCountEachRefreshOutcomeAndSuppressedIssuance() {
        String realm = admin.createRealm("seed.json");
        OAuthClient client = new OAuthClient(server, realm, "myClient", "forgerock");
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 60, \"reuseResponse\": \"reject-only\"}");
        String first = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        String second = ok(client.refresh(first, null)).get("refresh_token").asText();    // rotated
        ok(client.refresh(first, null));                                                    // grace_retry
        ok(client.refresh(second, null));                                                   // rotated
        client.refresh(first, null);                                                        // reuse_reject_only
        client.refresh(second, "read admin");                                               // refused_invalid_scope
        admin.setPolicy(realm, "{\"issueRefreshTokensOnRefresh\": false}");
        String third = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        ok(client.refresh(third, null));                                                    // not_rotated
        admin.setClientPolicy(realm, "myClient", "{\"refreshTokenGrant\": false}");
        client.refresh(third, null);                                                        // refused_unauthorized_client
        ok(client.password("alice", "alice-password", null));                              // suppressed: client_grant
        admin.setClientPolicy(realm, "myClient", "{\"refreshTokenGrant\": true}");
        admin.setPolicy(realm, "{\"issueRefreshTokens\": false}");
        ok(client.password("alice", "alice-password", null));                              // suppressed: realm_switch

        String metrics = Metrics.scrape(server);

        assertEquals(2, Metrics.counter(metrics, "keycloak_refresh_token_policy_refreshes_total", realm, "outcome", "rotated"));
        assertEquals(1, Metrics.counter(metrics, "keycloak_refresh_token_policy_refreshes_total", realm, "outcome", "grace_retry"));
        assertEquals(1, Metrics.counter(metrics, "keycloak_refresh_token_policy_refreshes_total", realm, "outcome", "reuse_reject_only"));
        assertEquals(1, Metrics.counter(metrics, "keycloak_refresh_token_policy_refreshes_total", realm, "outcome", "refused_invalid_scope"));
        assertEquals(1, Metrics.counter(metrics, "keycloak_refresh_token_policy_refreshes_total", realm, "outcome", "not_rotated"));
        assertEquals(1, Metrics.counter(metrics, "keycloak_refresh_token_policy_refreshes_total", realm, "outcome", "refused_unauthorized_client"));
        assertEquals(1, Metrics.counter(metrics, "keycloak_refresh_token_policy_issuance_suppressed_total", realm, "reason", "client_grant"));
        assertEquals(1, Metrics.counter(metrics, "keycloak_refresh_token_policy_issuance_suppressed_total", realm, "reason", "realm_switch"));
    }

    @Test
    void metricsCountReuseByResponse() {
        for (String response : new String[] {"revoke-grant", "revoke-user-session"}) {
            String realm = admin.createRealm("seed.json");
            admin.setPolicy(realm, "{\"reuseResponse\": \"" + response + "\"}");
            OAuthClient client = new OAuthClient(server, realm, "myClient", "forgerock");
            String first = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
            ok(client.refresh(first, null));
            client.refresh(first, null);

            String metrics = Metrics.scrape(server);
            assertEquals(1, Metrics.counter(metrics, "keycloak_refresh_token_policy_refreshes_total", realm, "outcome", "reuse_" + response.replace('-', '_')));
        }
    }
}
