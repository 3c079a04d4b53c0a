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
 * Upgrades across lines with families in flight: a live Keycloak 26.4.7 with the 26.4 JAR is upgraded to 26.5.6 with
 * the 26.5 JAR, where families rotate on and new ones start, and then to this line's Keycloak with this line's JAR, all
 * on one PostgreSQL database (the JAR swapped with the server, as the upgrade steps in docs/operations.md say). At each
 * step every family keeps its current token, retired tokens stay refused, revoked families stay revoked, and the
 * realm's settings and client overrides survive. Runs in the newest line's suite (failsafe execution it-kc26.7).
 */
// Not a ServerTestBase: it runs on private copies of the three distributions with a database of their own.
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
    /** a family that started on 26.4 and rotated on 26.5 */
    private static String retiredOn26dot5;
    private static String currentAfter26dot5;
    /** a family that started on 26.5 */
    private static String bornOn26dot5Retired;
    private static String bornOn26dot5Current;

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

        upgradeTo26dot5AndRotateOn();

        server = server.upgradedTo(Paths.get(System.getProperty("keycloak.home")));
        admin = new Admin(server);
    }

    /** 26.4 to 26.5: what the families carry must hold there too, before they move on to the suite's line. */
    private static void upgradeTo26dot5AndRotateOn() throws Exception {
        server = server.upgradedTo(Paths.get(System.getProperty("keycloak.home.kc26.5")));
        admin = new Admin(server);
        JsonNode status = status();
        assertEquals("26.5", status.get("keycloakLine").asText());
        assertEquals(true, status.get("tested").asBoolean(), status.toString());
        assertEquals(settingsBefore, admin.policy(realm));

        OAuthClient app = app();
        // retired tokens are inactive, and asking does not revoke their family (a refresh with them would)
        for (String retiredToken : new String[] {retired, offlineRetired}) {
            assertEquals(false, ok(app.introspect(retiredToken, "refresh_token")).get("active").asBoolean());
        }
        for (String revoked : new String[] {revokedOnline, revokedOffline}) {
            Http.Response refused = app.refresh(revoked, null);
            assertOAuthError(400, "invalid_grant", refused);
            assertEquals("Refresh token is no longer valid", refused.json().get("error_description").asText());
        }
        retiredOn26dot5 = current;
        currentAfter26dot5 = ok(app.refresh(current, null)).get("refresh_token").asText();
        assertNotEquals(retiredOn26dot5, currentAfter26dot5, "the family still rotates on 26.5");
        offlineCurrent = ok(app.refresh(offlineCurrent, null)).get("refresh_token").asText();
        bornOn26dot5Retired = ok(app.password("bob", "bob-password", null)).get("refresh_token").asText();
        bornOn26dot5Current = ok(app.refresh(bornOn26dot5Retired, null)).get("refresh_token").asText();
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
        String next = ok(app.refresh(currentAfter26dot5, null)).get("refresh_token").asText();
        assertNotEquals(currentAfter26dot5, next, "the family still rotates");
        ok(app.refresh(neverRefreshed, null));
        JsonNode offline = ok(app.refresh(offlineCurrent, null));
        assertEquals("Offline", Jwt.claims(offline.get("refresh_token").asText()).get("typ").asText());

        assertOAuthError(400, "invalid_grant", app.refresh(offlineRetired, null));
        assertEquals(false, ok(app.introspect(retired, "refresh_token")).get("active").asBoolean(), "retired on 26.4");
        Http.Response replay = app.refresh(retiredOn26dot5, null);
        assertOAuthError(400, "invalid_grant", replay);
        assertEquals("Refresh token reuse detected", replay.json().get("error_description").asText(), "retired on 26.5, replayed on this line");
    }

    @Test
    void upgradeThenAFamilyStartedOn26dot5KeepsItsCurrentTokenAndItsRetiredOneIsReuse() {
        OAuthClient app = app();
        assertEquals(false, ok(app.introspect(bornOn26dot5Retired, "refresh_token")).get("active").asBoolean());
        assertEquals(true, ok(app.introspect(bornOn26dot5Current, "refresh_token")).get("active").asBoolean());
        String next = ok(app.refresh(bornOn26dot5Current, null)).get("refresh_token").asText();
        assertNotEquals(bornOn26dot5Current, next);

        Http.Response replay = app.refresh(bornOn26dot5Retired, null);
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
