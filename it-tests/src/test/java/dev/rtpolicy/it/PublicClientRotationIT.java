package dev.rtpolicy.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.DPoP;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.ServerTestBase;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9700 §4.14.2: a public client's refresh tokens rotate, unless they are sender-constrained (DPoP). */
class PublicClientRotationIT extends ServerTestBase {


    @Test
    void refreshWhenPublicClientAndRotationOffThenRotatedAnyway() {
        String realm = admin.createRealm("flows.json");
        admin.setPolicy(realm, "{\"issueRefreshTokensOnRefresh\": false}");
        OAuthClient spa = new OAuthClient(server, realm, "spa", null);
        String original = ok(spa.authorizationCode("alice", "alice-password", "read")).get("refresh_token").asText();

        String successor = ok(spa.refresh(original, null)).get("refresh_token").asText();

        assertNotEquals(Jwt.id(original), Jwt.id(successor));
        assertOAuthError(400, "invalid_grant", spa.refresh(original, null));
        JsonNode effective = admin.get("/" + realm + "/refresh-token-policy/clients/" + admin.clientUuid(realm, "spa") + "/effective").json();
        assertEquals(true, effective.get("issueRefreshTokensOnRefresh").get("value").asBoolean());
        assertEquals("rule", effective.get("issueRefreshTokensOnRefresh").get("source").asText());
    }

    @Test
    void refreshWhenPublicClientTokenDpopBoundThenRotationSettingApplies() {
        String realm = admin.createRealm("flows.json");
        admin.setPolicy(realm, "{\"issueRefreshTokensOnRefresh\": false}");
        OAuthClient spa = new OAuthClient(server, realm, "spa", null);
        DPoP key = DPoP.newKey();
        String refreshToken = ok(spa.password("alice", "alice-password", null, key)).get("refresh_token").asText();
        assertNotNull(Jwt.claims(refreshToken).path("cnf").get("jkt"), "the refresh token is bound to the DPoP key");

        assertNull(ok(spa.refresh(refreshToken, null, key)).get("refresh_token"));
        assertNull(ok(spa.refresh(refreshToken, null, key)).get("refresh_token"));
        // and without the key it is useless
        assertEquals(400, spa.refresh(refreshToken, null).status());
    }

    /**
     * Keycloak's DPoP client policy can bind only a public client's refresh token, after the refresh-token provider
     * minted it: the token is sender-constrained all the same, so with rotation off it lives to the session maximum
     * (not the idle timeout, which the refreshes keep sliding) and is kept on refresh.
     */
    @Test
    void refreshWhenDpopPolicyBindsOnlyTheRefreshTokenAndRotationOffThenKeptAndIssuedForTheSessionMaximum() {
        String realm = createRealm("flows.json", "{\"issueRefreshTokensOnRefresh\": false}");
        Admin.expect(204, admin.put("/" + realm + "/client-policies/profiles", "{\"profiles\": [{\"name\": \"dpop-refresh-only\", \"executors\": ["
                + "{\"executor\": \"dpop-bind-enforcer\", \"configuration\": {\"auto-configure\": \"false\","
                + " \"allow-only-refresh-token-binding\": \"true\"}}]}]}"));
        Admin.expect(204, admin.put("/" + realm + "/client-policies/policies", "{\"policies\": [{\"name\": \"dpop-refresh-only\", \"enabled\": true,"
                + " \"conditions\": [{\"condition\": \"client-access-type\", \"configuration\": {\"type\": [\"public\"]}}],"
                + " \"profiles\": [\"dpop-refresh-only\"]}]}"));
        OAuthClient spa = new OAuthClient(server, realm, "spa", null);
        DPoP key = DPoP.newKey();

        JsonNode tokens = ok(spa.authorizationCode(Http.browser(), "alice", "alice-password", "read", key));

        String refreshToken = tokens.get("refresh_token").asText();
        assertNotNull(Jwt.claims(refreshToken).path("cnf").get("jkt"), "the policy bound the refresh token");
        assertNull(Jwt.claims(tokens.get("access_token").asText()).get("cnf"), "and only the refresh token");
        JsonNode realmSettings = admin.get("/" + realm).json();
        // the session's maximum counts from the session's start at the login, which on a loaded host may lie over a
        // second boundary or two before the code exchange sets the token's iat
        long lifetime = Jwt.lifetime(refreshToken);
        long sessionMax = realmSettings.get("ssoSessionMaxLifespan").asLong();
        assertTrue(lifetime <= sessionMax && lifetime >= sessionMax - 2, "the session maximum, not the idle timeout: " + lifetime);
        assertNull(ok(spa.refresh(refreshToken, null, key)).get("refresh_token"), "rotation off applies to the bound token");
        ok(spa.refresh(refreshToken, null, key));
    }

    @Test
    void refreshWhenPublicClientTokenDpopBoundAndRotationOnThenRotated() {
        String realm = admin.createRealm("flows.json");
        OAuthClient spa = new OAuthClient(server, realm, "spa", null);
        DPoP key = DPoP.newKey();
        String original = ok(spa.password("alice", "alice-password", null, key)).get("refresh_token").asText();

        String successor = ok(spa.refresh(original, null, key)).get("refresh_token").asText();

        assertNotEquals(Jwt.id(original), Jwt.id(successor));
        assertOAuthError(400, "invalid_grant", spa.refresh(original, null, key));
    }
}
