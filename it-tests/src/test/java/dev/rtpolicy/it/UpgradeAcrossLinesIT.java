package dev.rtpolicy.it;

import java.nio.file.Path;
import java.nio.file.Paths;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.KeycloakLine;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The Red Hat build's upgrade path: a live Keycloak 26.4.7 with the 26.4 JAR, with families in flight, is upgraded to
 * this line's Keycloak with this line's JAR on the same PostgreSQL database (the JAR swapped with the server, as the
 * README's upgrade steps say). Every family keeps its current token, retired tokens stay refused, and the realm's
 * settings and client overrides survive. Runs in the newest line's suite (failsafe execution it-kc26.7).
 */
// Not a ServerTestBase: it runs on private copies of the two distributions with a database of their own.
class UpgradeAcrossLinesIT {

    private static KeycloakServer server;
    private static Admin admin;
    private static String realm;
    private static JsonNode settingsBefore;
    private static JsonNode overrideBefore;
    private static String retired;
    private static String current;
    private static String neverRefreshed;
    private static String offlineRetired;
    private static String offlineCurrent;
    private static String revokedOnline;
    private static String revokedOffline;

    @BeforeAll
    static void familiesOn26dot4ThenUpgraded() throws Exception {
        Path from = Paths.get(System.getProperty("keycloak.home.kc26.4"));
        server = KeycloakServer.copyOf(from, "keycloak-upgrade-lines");
        admin = new Admin(server);
        assertEquals("26.4", status().get("keycloakLine").asText());
        realm = admin.createRealm("upgrade.json");
        settingsBefore = admin.setPolicy(realm, "{\"reuseGracePeriod\": 0, \"refreshTokenLifetime\": 7200, \"revokeRefreshTokensOn\": [\"password-change\"]}");
        overrideBefore = admin.setClientPolicy(realm, "web", "{\"issueRefreshTokensOnRefresh\": false}");

        OAuthClient app = app();
        retired = ok(app.password("bob", "bob-password", null)).get("refresh_token").asText();
        current = ok(app.refresh(retired, null)).get("refresh_token").asText();
        neverRefreshed = ok(app.password("bob", "bob-password", null)).get("refresh_token").asText();
        offlineRetired = ok(app.password("bob", "bob-password", "offline_access")).get("refresh_token").asText();
        offlineCurrent = ok(app.refresh(offlineRetired, null)).get("refresh_token").asText();
        // 26.4 never stores a note's removal in the database (keycloak#52038): the revoked families must not come back
        revokedOnline = ok(app.password("carol", "carol-password", null)).get("refresh_token").asText();
        revokedOffline = ok(app.password("carol", "carol-password", "offline_access")).get("refresh_token").asText();
        Admin.expect(204, admin.put("/" + realm + "/users/" + admin.userId(realm, "carol") + "/reset-password",
                "{\"type\": \"password\", \"value\": \"carol-new-password\", \"temporary\": false}"));
        assertOAuthError(400, "invalid_grant", app.refresh(revokedOnline, null));
        assertOAuthError(400, "invalid_grant", app.refresh(revokedOffline, null));

        server = server.upgradedTo(Paths.get(System.getProperty("keycloak.home")));
        admin = new Admin(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stopAndDropDatabase();
        }
    }

    @Test
    void upgradeThenTheJarOfTheNewLineRunsOnTheNewKeycloak() {
        JsonNode status = status();
        assertEquals(KeycloakLine.current(), status.get("keycloakLine").asText());
        assertEquals(System.getProperty("keycloak.version"), status.get("keycloakVersion").asText());
        assertEquals(true, status.get("tested").asBoolean());
    }

    @Test
    void upgradeThenSettingsAndClientOverridesSurvive() {
        assertEquals(settingsBefore, admin.policy(realm));
        JsonNode override = Admin.expect(200, admin.get("/" + realm + "/refresh-token-policy/clients/" + admin.clientUuid(realm, "web"))).json();
        assertEquals(overrideBefore, override);
    }

    @Test
    void upgradeThenEveryFamilyKeepsItsCurrentTokenAndRetiredOnesStayRefused() {
        OAuthClient app = app();
        String next = ok(app.refresh(current, null)).get("refresh_token").asText();
        assertNotEquals(current, next, "the family still rotates");
        ok(app.refresh(neverRefreshed, null));
        JsonNode offline = ok(app.refresh(offlineCurrent, null));
        assertEquals("Offline", Jwt.claims(offline.get("refresh_token").asText()).get("typ").asText());

        assertOAuthError(400, "invalid_grant", app.refresh(offlineRetired, null));
        Http.Response replay = app.refresh(retired, null);
        assertOAuthError(400, "invalid_grant", replay);
        assertEquals("Refresh token reuse detected", replay.json().get("error_description").asText());
    }

    @Test
    void upgradeWhenFamiliesWereRevokedOnTheOldLineThenTheyStayRevokedOnceReadFromTheDatabase() {
        OAuthClient app = app();

        for (String revoked : new String[] {revokedOnline, revokedOffline}) {
            Http.Response refused = app.refresh(revoked, null);
            assertOAuthError(400, "invalid_grant", refused);
            assertEquals("Refresh token is no longer valid", refused.json().get("error_description").asText(),
                    "refused as a revoked family, while its session lives on");
        }
    }

    private static OAuthClient app() {
        return new OAuthClient(server, realm, "app", "app-secret");
    }

    private static JsonNode status() {
        return Admin.expect(200, admin.get("/master/refresh-token-policy/status")).json();
    }
}
