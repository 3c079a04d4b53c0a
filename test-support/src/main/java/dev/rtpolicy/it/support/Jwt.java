package dev.rtpolicy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a JWT's claims, without verifying it (the server did). */
public final class Jwt {

    private Jwt() {
    }

    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<String> scopes(String jwt) {
        JsonNode scope = claims(jwt).get("scope");
        return scope == null ? Set.of() : new LinkedHashSet<>(List.of(scope.asText().split(" ")));
    }

    /** {@code exp - iat}: the lifetime the token was issued with, in seconds. */
    public static long lifetime(String jwt) {
        JsonNode claims = claims(jwt);
        return claims.get("exp").asLong() - claims.get("iat").asLong();
    }

    public static String id(String jwt) {
        return claims(jwt).get("jti").asText();
    }
}
