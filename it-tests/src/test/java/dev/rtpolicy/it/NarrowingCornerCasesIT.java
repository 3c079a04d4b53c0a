package dev.rtpolicy.it;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scope strings a client may really send on refresh (RFC 6749 §3.3, §6), in a realm with Keycloak's own default client
 * scopes (basic, roles, web-origins, acr, profile, email): each narrows exactly what it names, or nothing.
 */
class NarrowingCornerCasesIT extends ServerTestBase {

    private OAuthClient myClient;

    @BeforeEach
    void freshRealm() {
        String realm = admin.createRealm("hostile-review.json");
        myClient = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void refreshWithEmptyOrOddlySpacedScopeThenKeycloaksInvalidScopeAndNothingChanged() {
        String rt = ok(myClient.password("alice", "alice-password", "openid")).get("refresh_token").asText();

        // Keycloak's own check of the scope parameter answers before any policy runs (stock 26.7.3 does the same)
        assertOAuthError(400, "invalid_scope", myClient.refresh(rt, ""));
        assertOAuthError(400, "invalid_scope", myClient.refresh(rt, "  email   openid "));

        // nothing changed: the presented token is still the family's current one and rotates
        JsonNode refreshed = ok(myClient.refresh(rt, null));
        assertEquals(Set.of("openid", "profile", "email"), Jwt.scopes(refreshed.get("access_token").asText()));
        assertTrue(refreshed.has("refresh_token"));
    }

    @Test
    void refreshWithDuplicatedScopesThenEachNarrowedOnce() {
        String rt = ok(myClient.password("alice", "alice-password", "openid")).get("refresh_token").asText();

        JsonNode refreshed = ok(myClient.refresh(rt, "email email openid"));

        assertEquals(Set.of("openid", "email"), Set.of(refreshed.get("scope").asText().split(" ")));
        assertEquals(2, refreshed.get("scope").asText().split(" ").length, refreshed.get("scope").asText());
        JsonNode claims = Jwt.claims(refreshed.get("access_token").asText());
        assertEquals(Set.of("openid", "email"), Jwt.scopes(refreshed.get("access_token").asText()));
        assertTrue(claims.has("email") && claims.has("sub"), claims.toString());
        assertFalse(claims.has("preferred_username"), "profile was not named: " + claims);
    }

    @Test
    void refreshWithOpenidOnlyThenIdTokenWithSubjectAndNoProfileOrEmail() {
        String rt = ok(myClient.password("alice", "alice-password", "openid")).get("refresh_token").asText();

        JsonNode refreshed = ok(myClient.refresh(rt, "openid"));

        assertEquals("openid", refreshed.get("scope").asText());
        JsonNode idToken = Jwt.claims(refreshed.get("id_token").asText());
        JsonNode accessToken = Jwt.claims(refreshed.get("access_token").asText());
        assertEquals(accessToken.get("sub"), idToken.get("sub"));
        assertFalse(idToken.has("email") || idToken.has("preferred_username"), idToken.toString());
        assertTrue(accessToken.get("realm_access").get("roles").toString().contains("reader"), "roles stay: " + accessToken);
    }

    @Test
    void refreshNamingOnlyAHiddenScopeThenNoVisibleScopeAndIdentityKept() {
        String rt = ok(myClient.password("alice", "alice-password", "openid")).get("refresh_token").asText();

        JsonNode refreshed = ok(myClient.refresh(rt, "roles"));

        JsonNode accessToken = Jwt.claims(refreshed.get("access_token").asText());
        assertTrue(Jwt.scopes(refreshed.get("access_token").asText()).stream().noneMatch(Set.of("openid", "profile", "email")::contains),
                accessToken.toString());
        assertFalse(refreshed.has("id_token"), "openid was not named");
        assertTrue(accessToken.has("sub") && accessToken.get("realm_access").get("roles").toString().contains("reader"), accessToken.toString());
        assertFalse(accessToken.has("email"), accessToken.toString());
    }

    @Test
    void refreshWithScopeInAnotherCaseOrWithNonBreakingSpaceThenInvalidScope() {
        String rt = ok(myClient.password("alice", "alice-password", "openid")).get("refresh_token").asText();

        assertOAuthError(400, "invalid_scope", myClient.refresh(rt, "EMAIL"));
        assertOAuthError(400, "invalid_scope", myClient.refresh(rt, "email\u00a0profile"));
        // nothing changed: the token is still the family's current one
        ok(myClient.refresh(rt, null));
    }
}
