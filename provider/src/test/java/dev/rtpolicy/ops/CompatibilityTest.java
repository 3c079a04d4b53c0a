package dev.rtpolicy.ops;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompatibilityTest {

    private static final List<String> LINES = List.of("26.4", "26.7");

    @Test
    void verdictWhenRunningVersionTestedThenTestedAndNoMessage() {
        Compatibility compatibility = new Compatibility("1.0", "26.7", List.of("26.7.3"), LINES, "26.7.3", List.of());

        assertEquals(Compatibility.Verdict.TESTED, compatibility.verdict());
        assertNull(compatibility.message());
        assertEquals(true, compatibility.status().get("tested"));
        assertEquals("26.7", compatibility.status().get("keycloakLine"));
    }

    @Test
    void verdictWhenRunningVersionUntestedThenWarningNamingTestedVersions() {
        Compatibility compatibility = new Compatibility("1.0", "26.7", List.of("26.7.3"), LINES, "26.7.4", List.of());

        assertEquals(Compatibility.Verdict.UNTESTED, compatibility.verdict());
        assertTrue(compatibility.message().contains("tested with Keycloak 26.7.3"), compatibility.message());
        assertTrue(compatibility.message().contains("26.7.4"));
        assertEquals(false, compatibility.status().get("tested"));
    }

    @Test
    void verdictWhenRedHatPatchOfTestedLineThenUntestedWarning() {
        Compatibility compatibility = new Compatibility("1.0", "26.4", List.of("26.4.7"), LINES, "26.4.10.redhat-00001", List.of());

        assertEquals(Compatibility.Verdict.UNTESTED, compatibility.verdict());
        assertTrue(compatibility.message().contains("keycloak-refresh-token-policy-kc26.4.jar"), compatibility.message());
    }

    @Test
    void verdictWhenNoVersionOfTheLineWasIntegrationTestedThenUntestedWithTheBuildsReason() {
        Compatibility compatibility = new Compatibility("1.0", "26.6", List.of(), "no 26.6 distribution served", LINES, "26.6.4", List.of());

        assertEquals(Compatibility.Verdict.UNTESTED, compatibility.verdict());
        assertEquals("keycloak-refresh-token-policy 1.0 (keycloak-refresh-token-policy-kc26.6.jar): its build integration-tested no "
                + "Keycloak 26.6, so not the running 26.6.4 either (no 26.6 distribution served): run its test suite against this version before relying on it.",
                compatibility.message());
        assertEquals(false, compatibility.status().get("tested"));
        assertEquals(List.of(), compatibility.status().get("testedKeycloakVersions"));
        assertEquals("its build integration-tested no Keycloak 26.6, so not the running 26.6.4 either (no 26.6 distribution served)",
                compatibility.status().get("untestedReason"));
    }

    @Test
    void statusWhenTestedThenNoUntestedReason() {
        Compatibility compatibility = new Compatibility("1.0", "26.5", List.of("26.5.6"), LINES, "26.5.6", List.of());

        assertFalse(compatibility.status().containsKey("untestedReason"));
    }

    @Test
    void verdictWhenAnotherLineThenBrokenWithOneMessageNamingTheJarToUse() {
        Compatibility compatibility = new Compatibility("1.0", "26.4", List.of("26.4.7"), LINES, "26.7.3", List.of("TokenManager.refreshAccessToken()"));

        assertEquals(Compatibility.Verdict.BROKEN, compatibility.verdict());
        assertEquals("keycloak-refresh-token-policy 1.0 is built for Keycloak 26.4 (keycloak-refresh-token-policy-kc26.4.jar) and cannot run on "
                + "Keycloak 26.7.3: use keycloak-refresh-token-policy-kc26.7.jar instead.", compatibility.message());
    }

    @Test
    void verdictWhenLineWithoutJarThenBrokenNamingTheJarsThereAre() {
        Compatibility compatibility = new Compatibility("1.0", "26.7", List.of("26.7.3"), LINES, "26.5.6", List.of());

        assertEquals(Compatibility.Verdict.BROKEN, compatibility.verdict());
        assertTrue(compatibility.message().contains("no JAR for Keycloak 26.5"), compatibility.message());
        assertTrue(compatibility.message().contains("keycloak-refresh-token-policy-kc26.4.jar, keycloak-refresh-token-policy-kc26.7.jar"),
                compatibility.message());
    }

    @Test
    void verdictWhenHookMissingThenBrokenWithOneMessageNamingExtensionAndVersion() {
        Compatibility compatibility = new Compatibility("1.0", "26.7", List.of("26.7.3"), LINES, "26.7.9", List.of("RefreshTokenContext.scopeParameter()"));

        assertEquals(Compatibility.Verdict.BROKEN, compatibility.verdict());
        String message = compatibility.message();
        assertTrue(message.startsWith("keycloak-refresh-token-policy 1.0 cannot run on Keycloak 26.7.9"), message);
        assertTrue(message.contains("RefreshTokenContext.scopeParameter()"), message);
    }

    @Test
    void hooksArePresentInTheKeycloakWeCompileAgainst() {
        assertEquals(List.of(), RequiredHooks.missing());
    }

    @Test
    void buildInformationComesFromTheBuild() {
        Compatibility compatibility = Compatibility.ofRunningServer();

        assertEquals(Compatibility.list(System.getProperty("unit.keycloak.tested.versions")), compatibility.status().get("testedKeycloakVersions"));
        assertEquals(System.getProperty("unit.keycloak.line"), compatibility.status().get("keycloakLine"));
        assertTrue(!"unknown".equals(compatibility.status().get("extensionVersion")));
    }
}
