package dev.rtpolicy.it;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product description's procedure ("To Refresh an Access Token") on a realm shaped like its example:
 * confidential client {@code myClient}/{@code forgerock} with scopes {@code read} and {@code write}, both switches on.
 */
class SeedProcedureIT extends ServerTestBase {

    private static String realm;
    private static OAuthClient myClient;

    @BeforeAll
    static void createRealm() {
        realm = admin.createRealm("seed.json");
        myClient = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void authorizationCodeWithPkceWhenBothSwitchesOnThenRefreshTokenIssued() {
        JsonNode policy = admin.policy(realm);
        assertTrue(policy.get("issueRefreshTokens").asBoolean());
        assertTrue(policy.get("issueRefreshTokensOnRefresh").asBoolean());

        JsonNode tokens = ok(myClient.authorizationCode("alice", "alice-password", "read write"));

        assertNotNull(tokens.get("refresh_token"));
        assertEquals(Set.of("read", "write"), Jwt.scopes(tokens.get("access_token").asText()));
    }

    @Test
    void refreshWithScopeReadThenAccessTokenCarriesOnlyReadAndNewRefreshTokenKeepsOriginalScope() {
        JsonNode login = ok(myClient.authorizationCode("alice", "alice-password", "read write"));
        String original = login.get("refresh_token").asText();

        JsonNode refreshed = ok(myClient.refresh(original, "read"));

        assertEquals(Set.of("read"), Jwt.scopes(refreshed.get("access_token").asText()), "read and write are default scopes, yet only read is kept");
        assertEquals("read", refreshed.get("scope").asText());
        String successor = refreshed.get("refresh_token").asText();
        assertNotEquals(Jwt.id(original), Jwt.id(successor));
        assertEquals(Jwt.scopes(original), Jwt.scopes(successor), "RFC 6749 §6: the new refresh token has the original scope");
    }

    @Test
    void refreshWhenTokenRetiredThenInvalidGrantAndFamilyRevoked() {
        String original = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();
        String successor = ok(myClient.refresh(original, null)).get("refresh_token").asText();

        assertOAuthError(400, "invalid_grant", myClient.refresh(original, null));
        assertOAuthError(400, "invalid_grant", myClient.refresh(successor, null));
    }

    @Test
    void introspectWhenTokenRotatedOutThenInactiveAndSuccessorActive() {
        String original = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();
        assertTrue(introspect(original).get("active").asBoolean());

        String successor = ok(myClient.refresh(original, null)).get("refresh_token").asText();

        assertFalse(introspect(original).get("active").asBoolean());
        assertTrue(introspect(successor).get("active").asBoolean());
    }

    @Test
    void refreshWithoutScopeThenAccessTokenHasOriginalScopes() {
        String original = ok(myClient.authorizationCode("alice", "alice-password", "read write")).get("refresh_token").asText();
        String narrowed = ok(myClient.refresh(original, "read")).get("refresh_token").asText();

        JsonNode refreshed = ok(myClient.refresh(narrowed, null));

        assertEquals(Set.of("read", "write"), Jwt.scopes(refreshed.get("access_token").asText()));
    }

    @Test
    void refreshWithScopeNeverGrantedThenInvalidScope() {
        String original = ok(myClient.password("alice", "alice-password", "read")).get("refresh_token").asText();

        // "admin" exists in the realm and is an optional scope of the client, but was never granted
        assertOAuthError(400, "invalid_scope", myClient.refresh(original, "read admin"));
        // a scope that does not exist at all
        assertOAuthError(400, "invalid_scope", myClient.refresh(original, "read no-such-scope"));
        // the refused requests changed nothing: the token still refreshes
        ok(myClient.refresh(original, "read"));
    }

    @Test
    void replayAfterTwoRotationsWithinOneSecondThenInvalidGrant() {
        for (int attempt = 0; attempt < 3; attempt++) {
            String first = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();
            String second = ok(myClient.refresh(first, null)).get("refresh_token").asText();
            ok(myClient.refresh(second, null));

            // keycloak#50999: stock 26.7.3 accepts this replay when all three fall into one second
            assertOAuthError(400, "invalid_grant", myClient.refresh(first, null));
        }
    }

    private static JsonNode introspect(String refreshToken) {
        Http.Response response = myClient.introspect(refreshToken, "refresh_token");
        assertEquals(200, response.status(), response.body());
        return response.json();
    }
}
