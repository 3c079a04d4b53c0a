package dev.rtpolicy.it;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6749 §6 narrowing changes only what {@code scope} can name. In a realm with Keycloak's own default client
 * scopes (basic, roles, web-origins, acr, profile, email) plus {@code read} and {@code write}, a refresh with
 * {@code scope=openid read} returns the tokens the same refresh returns without {@code scope}, claim for claim, minus
 * only what the dropped scopes' mappers add: the subject, roles, audience, origins and acr stay. The ID token,
 * userinfo and introspection follow, for offline tokens too.
 */
class NarrowingKeepsIdentityIT extends ServerTestBase {

    /** What the mappers of Keycloak's profile and email scopes, and of our write scope, put into alice's tokens. */
    private static final Set<String> DROPPED_SCOPE_CLAIMS = Set.of("name", "given_name", "family_name", "preferred_username",
            "email", "email_verified", "can_write");
    /** Claims that differ between any two tokens. */
    private static final Set<String> PER_TOKEN = Set.of("exp", "iat", "jti", "at_hash");
    /** What identifies the user and the grant to a resource server: Keycloak's hidden scopes and the client's own. */
    private static final List<String> IDENTITY = List.of("sub", "realm_access", "resource_access", "aud", "allowed-origins", "acr", "azp", "sid", "iss", "typ");

    private static String realm;
    private static OAuthClient myClient;
    /** A resource server in the tokens' audience. */
    private static OAuthClient api;

    @BeforeAll
    static void realmWithKeycloaksDefaultScopes() {
        realm = admin.createRealm("narrowing.json");
        String clientUuid = admin.clientUuid(realm, "myClient");
        for (String scope : new String[] {"read", "write"}) {
            String mapper = scope.equals("write") ? ", \"protocolMappers\": [{\"name\": \"can write\", \"protocol\": \"openid-connect\","
                    + " \"protocolMapper\": \"oidc-hardcoded-claim-mapper\", \"config\": {\"claim.name\": \"can_write\", \"claim.value\": \"true\","
                    + " \"jsonType.label\": \"boolean\", \"access.token.claim\": \"true\", \"id.token.claim\": \"true\","
                    + " \"userinfo.token.claim\": \"true\", \"introspection.token.claim\": \"true\"}}]" : "";
            Admin.expect(201, admin.post("/" + realm + "/client-scopes", "{\"name\": \"" + scope + "\", \"protocol\": \"openid-connect\","
                    + " \"attributes\": {\"include.in.token.scope\": \"true\"}" + mapper + "}"));
            String scopeId = admin.get("/" + realm + "/client-scopes").json().findParents("name").stream()
                    .filter(s -> s.get("name").asText().equals(scope)).findFirst().orElseThrow().get("id").asText();
            Admin.expect(204, admin.put("/" + realm + "/clients/" + clientUuid + "/default-client-scopes/" + scopeId, null));
        }
        Set<String> defaults = new LinkedHashSet<>();
        admin.get("/" + realm + "/clients/" + clientUuid + "/default-client-scopes").json().forEach(s -> defaults.add(s.get("name").asText()));
        assertTrue(defaults.containsAll(Set.of("basic", "roles", "web-origins", "acr", "profile", "email", "read", "write")), defaults.toString());
        myClient = new OAuthClient(server, realm, "myClient", "forgerock");
        api = new OAuthClient(server, realm, "api", "api-secret");
    }

    @Test
    void refreshWithoutScopeThenAccessTokenEqualsTheLoginsClaimForClaim() {
        JsonNode login = ok(myClient.password("alice", "alice-password", "openid"));

        JsonNode refreshed = ok(myClient.refresh(login.get("refresh_token").asText(), null));

        assertEquals(claimsExcept(login.get("access_token"), PER_TOKEN), claimsExcept(refreshed.get("access_token"), PER_TOKEN));
        assertEquals(claimsExcept(login.get("id_token"), PER_TOKEN), claimsExcept(refreshed.get("id_token"), PER_TOKEN));
    }

    @Test
    void refreshWithScopeThenAccessTokenEqualsUnnarrowedOneExceptDroppedScopesClaims() {
        Family family = Family.login("openid");

        JsonNode full = claims(family.unnarrowed.get("access_token"));
        JsonNode narrowed = claims(family.narrowed.get("access_token"));

        assertTrue(fieldNames(full).containsAll(DROPPED_SCOPE_CLAIMS), "the realm really adds those claims: " + fieldNames(full));
        assertEquals(without(full, union(PER_TOKEN, DROPPED_SCOPE_CLAIMS, Set.of("scope"))), without(narrowed, union(PER_TOKEN, Set.of("scope"))));
        assertEquals(Set.of("openid", "read"), Set.of(narrowed.get("scope").asText().split(" ")));
        for (String claim : IDENTITY) {
            assertTrue(narrowed.has(claim), claim + " kept");
        }
        assertTrue(narrowed.get("realm_access").get("roles").toString().contains("reader"));
        assertTrue(narrowed.get("resource_access").get("myClient").get("roles").toString().contains("editor"));
    }

    @Test
    void refreshWithScopeThenIdTokenAndResponseScopeFollowTheNarrowing() {
        Family family = Family.login("openid");

        assertEquals(Set.of("openid", "read"), Set.of(family.narrowed.get("scope").asText().split(" ")));
        assertEquals(without(claims(family.unnarrowed.get("id_token")), union(PER_TOKEN, DROPPED_SCOPE_CLAIMS)),
                without(claims(family.narrowed.get("id_token")), PER_TOKEN));
    }

    @Test
    void refreshWithScopeWithoutOpenidThenNoIdToken() {
        JsonNode login = ok(myClient.password("alice", "alice-password", "openid"));

        JsonNode narrowed = ok(myClient.refresh(login.get("refresh_token").asText(), "read"));

        assertNull(narrowed.get("id_token"), "OIDC Core §12.2: an ID token only where openid is in the scope");
        assertEquals("read", narrowed.get("scope").asText());
        assertEquals("read", claims(narrowed.get("access_token")).get("scope").asText());
        assertEquals(Jwt.claims(login.get("access_token").asText()).get("sub"), claims(narrowed.get("access_token")).get("sub"));
    }

    @Test
    void userinfoWithNarrowedTokenThenOnlyClaimsOfItsScopes() {
        Family family = Family.login("openid");

        JsonNode full = ok(userinfo(family.unnarrowed.get("access_token").asText()));
        JsonNode narrowed = ok(userinfo(family.narrowed.get("access_token").asText()));

        assertTrue(fieldNames(full).containsAll(DROPPED_SCOPE_CLAIMS), fieldNames(full).toString());
        assertEquals(without(full, DROPPED_SCOPE_CLAIMS), sorted(narrowed));
        assertEquals(claims(family.login.get("access_token")).get("sub"), narrowed.get("sub"));
    }

    @Test
    void introspectNarrowedAccessTokenThenActiveWithOnlyClaimsOfItsScopes() {
        Family family = Family.login("openid");

        JsonNode full = ok(api.introspect(family.unnarrowed.get("access_token").asText(), "access_token"));
        JsonNode narrowed = ok(api.introspect(family.narrowed.get("access_token").asText(), "access_token"));

        assertTrue(narrowed.get("active").asBoolean());
        assertTrue(fieldNames(full).containsAll(DROPPED_SCOPE_CLAIMS), fieldNames(full).toString());
        assertEquals(without(full, union(PER_TOKEN, DROPPED_SCOPE_CLAIMS, Set.of("scope"))), without(narrowed, union(PER_TOKEN, Set.of("scope"))));
        assertEquals(Set.of("openid", "read"), Set.of(narrowed.get("scope").asText().split(" ")));
    }

    @Test
    void introspectUnnarrowedAccessTokenThenSameClaimsAsTheToken() {
        JsonNode login = ok(myClient.password("alice", "alice-password", "openid"));

        JsonNode introspected = ok(api.introspect(login.get("access_token").asText(), "access_token"));

        JsonNode token = claims(login.get("access_token"));
        for (Iterator<String> names = token.fieldNames(); names.hasNext(); ) {
            String claim = names.next();
            assertEquals(token.get(claim), introspected.get(claim), claim);
        }
    }

    @Test
    void refreshOfflineTokenWithScopeThenIdTokenResponseScopeAndUserinfoFollowAndTokenStaysOffline() {
        Family family = Family.login("openid offline_access");

        JsonNode narrowedAccess = claims(family.narrowed.get("access_token"));
        assertEquals(Set.of("openid", "read", "offline_access"), Set.of(family.narrowed.get("scope").asText().split(" ")),
                "narrowing cannot turn an offline grant into an online one: offline_access stays");
        assertEquals(without(claims(family.unnarrowed.get("access_token")), union(PER_TOKEN, DROPPED_SCOPE_CLAIMS, Set.of("scope"))),
                without(narrowedAccess, union(PER_TOKEN, Set.of("scope"))));
        assertEquals(without(claims(family.unnarrowed.get("id_token")), union(PER_TOKEN, DROPPED_SCOPE_CLAIMS)),
                without(claims(family.narrowed.get("id_token")), PER_TOKEN));
        assertEquals(without(ok(userinfo(family.unnarrowed.get("access_token").asText())), DROPPED_SCOPE_CLAIMS),
                sorted(ok(userinfo(family.narrowed.get("access_token").asText()))));
        JsonNode successor = claims(family.narrowed.get("refresh_token"));
        assertEquals("Offline", successor.get("typ").asText());
        assertEquals(claims(family.login.get("refresh_token")).get("scope"), successor.get("scope"), "RFC 6749 §6: the refresh token keeps the original scope");
    }

    @Test
    void refreshWithScopeThenNewRefreshTokenKeepsOriginalScopeAndRefreshesToFullTokens() {
        Family family = Family.login("openid");

        assertEquals(claims(family.login.get("refresh_token")).get("scope"), claims(family.narrowed.get("refresh_token")).get("scope"));
        JsonNode again = ok(myClient.refresh(family.narrowed.get("refresh_token").asText(), null));
        assertEquals(without(claims(family.unnarrowed.get("access_token")), PER_TOKEN), without(claims(again.get("access_token")), PER_TOKEN));
    }

    @Test
    void refreshNamingAHiddenScopeThenAcceptedAsTheScopeIsAlwaysThere() {
        JsonNode login = ok(myClient.password("alice", "alice-password", "openid"));
        String rt = login.get("refresh_token").asText();

        // clients that send their login's scope string again on refresh (e.g. "openid roles") keep working
        JsonNode refreshed = ok(myClient.refresh(rt, "openid read roles"));

        assertEquals(Set.of("openid", "read"), Set.of(refreshed.get("scope").asText().split(" ")));
        assertTrue(claims(refreshed.get("access_token")).has("realm_access"));
    }

    @Test
    void refreshWithOfflineAccessOnAnOnlineTokenThenInvalidScopeAndNothingChanged() {
        String rt = ok(myClient.password("alice", "alice-password", "openid")).get("refresh_token").asText();

        // RFC 6749 §6: a refresh may narrow, never widen; offline_access was not granted
        assertOAuthError(400, "invalid_scope", myClient.refresh(rt, "openid offline_access"));
        assertEquals("Refresh", claims(ok(myClient.refresh(rt, null)).get("refresh_token")).get("typ").asText());
    }

    @Test
    void refreshWithParameterizedScopeValueThenInvalidScope() {
        String rt = ok(myClient.password("alice", "alice-password", "openid")).get("refresh_token").asText();

        // dynamic scopes are compared verbatim with the granted scope: "read:42" was never granted
        assertOAuthError(400, "invalid_scope", myClient.refresh(rt, "openid read:42"));
        ok(myClient.refresh(rt, "openid read"));
    }

    /** One grant: the login, a refresh without {@code scope} and, with its successor, one with {@code scope=openid read}. */
    private record Family(JsonNode login, JsonNode unnarrowed, JsonNode narrowed) {
        static Family login(String scope) {
            JsonNode login = ok(myClient.password("alice", "alice-password", scope));
            JsonNode unnarrowed = ok(myClient.refresh(login.get("refresh_token").asText(), null));
            JsonNode narrowed = ok(myClient.refresh(unnarrowed.get("refresh_token").asText(), "openid read"));
            return new Family(login, unnarrowed, narrowed);
        }
    }

    private static Http.Response userinfo(String accessToken) {
        return Http.plain().get(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/userinfo", accessToken);
    }

    private static JsonNode claims(JsonNode jwt) {
        return Jwt.claims(jwt.asText());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, JsonNode> claimsExcept(JsonNode jwt, Set<String> ignored) {
        return without(claims(jwt), ignored);
    }

    private static Map<String, JsonNode> without(JsonNode node, Set<String> ignored) {
        Map<String, JsonNode> result = new TreeMap<>();
        ((ObjectNode) node).fields().forEachRemaining(e -> {
            if (!ignored.contains(e.getKey())) {
                result.put(e.getKey(), e.getValue());
            }
        });
        return result;
    }

    private static Map<String, JsonNode> sorted(JsonNode node) {
        return without(node, Set.of());
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> union = new LinkedHashSet<>();
        for (Set<String> set : sets) {
            union.addAll(set);
        }
        return union;
    }
}
