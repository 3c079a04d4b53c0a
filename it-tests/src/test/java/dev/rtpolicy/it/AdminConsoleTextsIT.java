package dev.rtpolicy.it;

import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.ServerTestBase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JAR's admin-console texts (from themes/) are served by Keycloak in English and German. */
class AdminConsoleTextsIT extends ServerTestBase {

    @Test
    void adminConsoleServesTheBundlesInEnglishAndGerman() {
        String realm = admin.createRealm("seed.json");

        Http.Response english = Http.plain().get(server.baseUrl() + "/resources/" + realm + "/admin/en", null);
        Http.Response german = Http.plain().get(server.baseUrl() + "/resources/" + realm + "/admin/de", null);

        assertEquals(200, english.status());
        assertTrue(english.body().contains("Issue refresh tokens on refreshing access tokens"), "English label");
        assertTrue(english.body().contains("rtp.reuseGracePeriod.help"), "help texts are keyed with the rtp prefix");
        assertEquals(200, german.status());
        assertTrue(german.body().contains("Refresh-Tokens beim Erneuern ausstellen"), "German label");
        assertTrue(german.body().contains("Öffentliche Clients rotieren immer"), "UTF-8 intact");
    }
}
