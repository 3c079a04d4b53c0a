package dev.rtpolicy.it;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.ServerTestBase;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs last: the server log of the whole suite has no ERROR line and no token or secret in it. */
@Order(Integer.MAX_VALUE)
class ServerLogIT extends ServerTestBase {

    /** A compact JWS: what every access and refresh token looks like. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.");

    @Test
    void serverLogHasNoErrorsAndNoTokens() throws IOException {
        List<String> lines = Files.readAllLines(server.logFile());

        List<String> errors = lines.stream().filter(l -> l.contains(" ERROR ")).toList();
        List<String> tokens = lines.stream().filter(l -> JWT.matcher(l).find() || l.contains("forgerock") || l.contains("alice-password")).toList();

        assertEquals(List.of(), errors);
        assertEquals(List.of(), tokens);
    }
}
