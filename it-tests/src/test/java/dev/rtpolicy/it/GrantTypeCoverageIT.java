package dev.rtpolicy.it;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.KeycloakLine;
import dev.rtpolicy.it.support.ServerTestBase;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every grant type the running server has (Keycloak's own list in its server info) is under the policy: wrapped by
 * the extension, or a built-in grant that never issues a refresh token. A grant a newer Keycloak adds fails here.
 */
class GrantTypeCoverageIT extends ServerTestBase {

    private static final List<String> WRAPPED = List.of("authorization_code", "client_credentials", "password", "refresh_token",
            "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange",
            "urn:ietf:params:oauth:grant-type:uma-ticket", "urn:openid:params:grant-type:ciba");
    /** The JWT authorization grant (RFC 7523), on by default from Keycloak 26.6, never issues refresh tokens. */
    private static final List<String> NEVER_ISSUING = KeycloakLine.hasJwtAuthorizationGrant()
            ? List.of("urn:ietf:params:oauth:grant-type:jwt-bearer") : List.of();

    @Test
    void everyGrantTypeOfTheServerIsWrappedOrNeverIssuesRefreshTokens() {
        JsonNode grantTypes = Admin.expect(200, admin.get("/master/refresh-token-policy/status")).json().get("grantTypes");

        Set<String> covered = new TreeSet<>(strings(grantTypes.get("wrapped")));
        covered.addAll(strings(grantTypes.get("neverIssueRefreshTokens")));
        assertEquals(serverGrantTypes(), covered);
        assertEquals(List.of(), strings(grantTypes.get("uncovered")));
        assertEquals(WRAPPED, strings(grantTypes.get("wrapped")));
        assertEquals(NEVER_ISSUING, strings(grantTypes.get("neverIssueRefreshTokens")));
    }

    @Test
    void serverInfoOfThePolicyStoreReportsTheCoverage() {
        JsonNode info = serverInfo().get("providers").get("refresh-token-policy-store").get("providers").get("refresh-token-policy").get("operationalInfo");

        assertEquals("", info.get("grantTypes.uncovered").asText());
        assertEquals(String.join(" ", WRAPPED), info.get("grantTypes.wrapped").asText());
        assertEquals(String.join(" ", NEVER_ISSUING), info.get("grantTypes.neverIssueRefreshTokens").asText());
    }

    private static Set<String> serverGrantTypes() {
        Set<String> ids = new TreeSet<>();
        serverInfo().get("providers").get("oauth2-grant-type").get("providers").fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    private static JsonNode serverInfo() {
        return Admin.expect(200, Http.plain().get(server.baseUrl() + "/admin/serverinfo", admin.token())).json();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
