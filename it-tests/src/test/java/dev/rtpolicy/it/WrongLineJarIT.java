package dev.rtpolicy.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.KeycloakLine;
import dev.rtpolicy.it.support.KeycloakServer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The version guard on a real server: another line's JAR in {@code providers/} stops Keycloak's start-up with one
 * message that names the JAR to use, instead of a server that runs without the policy or fails at request time.
 */
class WrongLineJarIT {

    @Test
    void startWhenJarOfAnotherLineThenStartUpFailsNamingTheJarToUse() throws Exception {
        String line = KeycloakLine.current();
        String otherLine = "26.4".equals(line) ? "26.7" : "26.4";
        Path otherJar = Paths.get(System.getProperty("line.jars"), "keycloak-refresh-token-policy-kc" + otherLine + ".jar");
        assertTrue(Files.isRegularFile(otherJar), otherJar.toString());

        String output = KeycloakServer.startExpectingRefusal(otherJar);

        String message = "is built for Keycloak " + otherLine + " (keycloak-refresh-token-policy-kc" + otherLine + ".jar) and cannot run on Keycloak "
                + System.getProperty("keycloak.version") + ": use keycloak-refresh-token-policy-kc" + line + ".jar instead.";
        assertTrue(output.contains(message), "start-up output names the JAR to use: " + tail(output));
    }

    private static String tail(String output) {
        return output.substring(Math.max(0, output.length() - 4000));
    }
}
