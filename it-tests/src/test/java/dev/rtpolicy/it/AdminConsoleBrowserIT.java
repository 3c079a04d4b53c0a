package dev.rtpolicy.it;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Browser;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console in headless Chromium: what an admin saves is what the admin API returns and the token endpoint
 * enforces, and what the API sets is what the console shows after a reload. Also writes the screenshots
 * of docs/configuration.md ("Admin console") to docs/images/.
 */
class AdminConsoleBrowserIT extends ServerTestBase {

    private static final String SAVED = "Saved successfully";
    private static final String TAB = "/realm-settings/refresh-tokens";
    private static final String PAGE = "/page-section/rtp-client-overrides";

    private static Browser browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.loggedIn(server);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void realmTabSavedInTheConsoleIsWhatTheApiReturnsAndTheTokenEndpointEnforces() throws IOException {
        String realm = admin.createRealm("seed.json");

        browser.open(realm, "/realm-settings");
        browser.clickTab(TAB);
        browser.setSwitch("issueRefreshTokensOnRefresh", false);
        browser.type("reuseGracePeriod", "30");
        browser.choose("reuseResponse", "reject-only");
        browser.type("refreshTokenLifetime", "900");
        browser.screenshot("realm-settings-tab");
        assertEquals(SAVED, browser.save());

        JsonNode settings = admin.policy(realm);
        assertFalse(settings.get("issueRefreshTokensOnRefresh").asBoolean());
        assertEquals(30, settings.get("reuseGracePeriod").asInt());
        assertEquals("reject-only", settings.get("reuseResponse").asText());
        assertEquals(900, settings.get("refreshTokenLifetime").asInt());
        OAuthClient client = new OAuthClient(server, realm, "myClient", "forgerock");
        JsonNode issued = ok(client.password("alice", "alice-password", null));
        assertTrue(issued.get("refresh_token_expires_in").asInt() <= 900, issued.toString());
        assertNull(ok(client.refresh(issued.get("refresh_token").asText(), null)).get("refresh_token"), "rotation is off");
    }

    @Test
    void settingsSetThroughTheApiShowInTheTabAfterAReload() {
        String realm = admin.createRealm("seed.json");

        admin.setPolicy(realm, "{\"issueRefreshTokensOnRefresh\": false, \"reuseGracePeriod\": 45,"
                + " \"reuseResponse\": \"revoke-user-session\", \"offlineRefreshTokenLifetime\": 86400}");
        browser.open(realm, TAB);

        assertFalse(browser.switchOn("issueRefreshTokensOnRefresh"));
        assertTrue(browser.switchOn("issueRefreshTokens"));
        assertEquals("45", browser.textField("reuseGracePeriod").getAttribute("value"));
        assertEquals("revoke-user-session", browser.chosen("reuseResponse"));
        assertEquals("86400", browser.textField("offlineRefreshTokenLifetime").getAttribute("value"));
        assertEquals("-1", browser.textField("refreshTokenLifetime").getAttribute("value"));
    }

    /** The console keeps the realm representation it loaded across tabs; saving General must not undo the tab. */
    @Test
    void savingTheGeneralTabAfterTheRefreshTokensTabDoesNotRevertIt() {
        String realm = admin.createRealm("seed.json");
        browser.open(realm, "/realm-settings/general");
        browser.clickTab(TAB);
        browser.type("reuseGracePeriod", "60");
        browser.setSwitch("issueRefreshTokensOnRefresh", false);
        assertEquals(SAVED, browser.save());

        browser.clickTab("/realm-settings/general");
        assertEquals("Realm successfully updated", browser.save("realmSettingsGeneralTab-save"));

        JsonNode settings = admin.policy(realm);
        assertEquals(60, settings.get("reuseGracePeriod").asInt());
        assertFalse(settings.get("issueRefreshTokensOnRefresh").asBoolean());
        browser.open(realm, TAB);
        assertEquals("60", browser.textField("reuseGracePeriod").getAttribute("value"));
        OAuthClient client = new OAuthClient(server, realm, "myClient", "forgerock");
        String token = ok(client.password("alice", "alice-password", null)).get("refresh_token").asText();
        assertNull(ok(client.refresh(token, null)).get("refresh_token"), "rotation is still off");
    }

    @Test
    void invalidValuesAreRefusedInTheFormAndNothingIsSaved() {
        String realm = admin.createRealm("seed.json");

        browser.open(realm, TAB);
        browser.type("reuseGracePeriod", "999");
        String refused = browser.save();

        assertTrue(refused.contains("reuseGracePeriod must be between 0 and 300"), refused);
        assertEquals(0, admin.policy(realm).get("reuseGracePeriod").asInt());
        browser.open(realm, TAB);
        assertEquals("0", browser.textField("reuseGracePeriod").getAttribute("value"));

        browser.open(realm, PAGE + "/add");
        browser.chooseClient("myClient");
        browser.type("refreshTokenLifetime", "-7");
        String refusedEntry = browser.save();

        assertTrue(refusedEntry.contains("refreshTokenLifetime must be -1 or between"), refusedEntry);
        assertTrue(ConsoleClientPageIT.clientPolicy(realm, "myClient").get("refreshTokenLifetime").isNull());
        assertNull(ConsoleClientPageIT.findEntry(realm, "myClient"));
    }

    @Test
    void twoClientsWithDifferentOverridesKeepTheirOwnValues() throws IOException {
        String realm = admin.createRealm("seed.json");

        browser.open(realm, PAGE + "/add");
        browser.chooseClient("myClient");
        browser.choose("issueRefreshTokensOnRefresh", "false");
        browser.type("reuseGracePeriod", "30");
        assertEquals(SAVED, browser.save());
        browser.open(realm, PAGE + "/add");
        browser.chooseClient("otherClient");
        browser.type("refreshTokenLifetime", "600");
        assertEquals(SAVED, browser.save());

        ConsoleClientPageIT.assertEachClientHasItsOwnOverrides(realm);

        browser.open(realm, PAGE);
        browser.field("table a[href*='rtp-client-overrides/']");
        String rows = String.join("\n", browser.texts("table tbody tr"));
        assertTrue(rows.contains("myClient\tfalse\t30\tinherit\tinherit") || rows.contains("myClient false 30 inherit inherit"), rows);
        assertTrue(rows.contains("otherClient\tinherit\tinherit\tinherit\t600") || rows.contains("otherClient inherit inherit inherit 600"), rows);
        browser.screenshot("client-overrides-list");

        browser.open(realm, PAGE + "/" + ConsoleClientPageIT.entryOf(realm, "myClient").get("id").asText());
        assertEquals("false", browser.chosen("issueRefreshTokensOnRefresh"));
        assertEquals("30", browser.textField("reuseGracePeriod").getAttribute("value"));
        assertEquals("inherit", browser.textField("refreshTokenLifetime").getAttribute("value"));
        String effectiveA = browser.textField("effective").getAttribute("value");
        assertTrue(effectiveA.contains("issueRefreshTokensOnRefresh: false (client)"), effectiveA);
        assertTrue(effectiveA.contains("refreshTokenLifetime: -1 (default)"), effectiveA);
        browser.expandTextArea("effective");
        browser.screenshot("client-overrides-entry");

        browser.open(realm, PAGE + "/" + ConsoleClientPageIT.entryOf(realm, "otherClient").get("id").asText());
        assertEquals("inherit", browser.chosen("issueRefreshTokensOnRefresh"));
        assertEquals("inherit", browser.textField("reuseGracePeriod").getAttribute("value"));
        assertEquals("600", browser.textField("refreshTokenLifetime").getAttribute("value"));
        String effectiveB = browser.textField("effective").getAttribute("value");
        assertTrue(effectiveB.contains("refreshTokenLifetime: 600 (client)"), effectiveB);
        assertTrue(effectiveB.contains("reuseGracePeriod: 0 (default)"), effectiveB);
    }

    @Test
    void germanSpeakingAdminSeesGermanLabels() throws IOException {
        String realm = admin.createRealm("console-de.json");

        try (Browser german = Browser.loggedIn(server, realm, "verwalterin", "pw")) {
            german.open(realm, TAB);
            german.textField("reuseGracePeriod");
            String tab = german.pageText();
            assertTrue(tab.contains("Refresh-Tokens beim Erneuern ausstellen"), tab);
            assertTrue(tab.contains("Kulanzzeit bei Wiederverwendung (Sekunden)"), tab);
            assertTrue(tab.contains("Lebensdauer des Offline-Refresh-Tokens (Sekunden)"), tab);
            assertTrue(german.texts("a[role='tab']").contains("Refresh-Tokens"), german.texts("a[role='tab']").toString());

            german.open(realm, PAGE + "/add");
            german.textField("effective");
            String page = german.pageText();
            assertTrue(page.contains("Refresh-Token-Einstellungen je Client"), page);
            assertTrue(page.contains("Wirksame Einstellungen"), page);
            german.screenshot("client-overrides-entry-de");
        }
    }

}
