package dev.rtpolicy.it.support;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on token-endpoint answers: exact status and exact OAuth {@code error}, never the status alone. */
public final class OAuthAssertions {

    private OAuthAssertions() {
    }

    /** A 200 answer's JSON. */
    public static JsonNode ok(Http.Response response) {
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    public static void assertOAuthError(int status, String error, Http.Response response) {
        assertEquals(status, response.status(), response.body());
        assertEquals(error, response.json().get("error").asText(), response.body());
    }
}
