package dev.rtpolicy.ops;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompatibilityTest {

    @Test
    void verdictWhenRunningVersionTestedThenTestedAndNoMessage() {
        Compatibility compatibility = new Compatibility("1.0", List.of("26.7.3"), "26.7.3", List.of());

        assertEquals(Compatibility.Verdict.TESTED, compatibility.verdict());
        assertNull(compatibility.message());
        assertEquals(true, compatibility.status().get("tested"));
    }

    @Test
    void verdictWhenRunningVersionUntestedThenWarningNamingTestedVersions() {
        Compatibility compatibility = new Compatibility("1.0", List.of("26.7.3"), "26.7.4", List.of());

        assertEquals(Compatibility.Verdict.UNTESTED, compatibility.verdict());
        assertTrue(compatibility.message().contains("tested with Keycloak 26.7.3"), compatibility.message());
        assertTrue(compatibility.message().contains("26.7.4"));
        assertEquals(false, compatibility.status().get("tested"));
    }

    @Test
    void verdictWhenHookMissingThenBrokenWithOneMessageNamingExtensionAndVersion() {
        Compatibility compatibility = new Compatibility("1.0", List.of("26.7.3"), "27.0.0", List.of("RefreshTokenContext.scopeParameter()"));

        assertEquals(Compatibility.Verdict.BROKEN, compatibility.verdict());
        String message = compatibility.message();
        assertTrue(message.startsWith("keycloak-refresh-token-policy 1.0 cannot run on Keycloak 27.0.0"), message);
        assertTrue(message.contains("RefreshTokenContext.scopeParameter()"), message);
    }

    @Test
    void hooksArePresentInTheKeycloakWeCompileAgainst() {
        assertEquals(List.of(), RequiredHooks.missing());
    }

    @Test
    void buildInformationComesFromTheBuild() {
        Compatibility compatibility = Compatibility.ofRunningServer();

        assertEquals(List.of(System.getProperty("keycloak.version", "26.7.3")), compatibility.status().get("testedKeycloakVersions"));
        assertTrue(!"unknown".equals(compatibility.status().get("extensionVersion")));
    }
}
