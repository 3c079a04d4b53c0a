package dev.rtpolicy.admin;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.util.JsonSerialization;

import dev.rtpolicy.settings.PolicyField;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * A validated PUT body of the admin API. Everything is checked before anything is written, so a request with one bad
 * field changes nothing. {@code null} means "reset to default" (realm) or "inherit" (client).
 */
final class PolicyRequestBody {

    private static final int MAX_BODY_LENGTH = 16 * 1024;
    /**
     * Keycloak's reader, strict: RFC 8259 §4 leaves a repeated name to the parser (Jackson keeps the last value), and
     * a body that says two things, or has more after its object, is refused rather than guessed at.
     */
    private static final ObjectMapper STRICT_JSON = JsonSerialization.mapper.copy()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    final Map<PolicyField, Optional<String>> changes = new EnumMap<>(PolicyField.class);
    /** Present only when the body names {@code refreshTokenGrant}; its value may be null (Keycloak's default). */
    Optional<Optional<Boolean>> refreshTokenGrant = Optional.empty();

    private PolicyRequestBody() {
    }

    static PolicyRequestBody forRealm(String body) {
        PolicyRequestBody request = new PolicyRequestBody();
        parseObject(body).forEach((key, value) -> {
            PolicyField field = PolicyField.byKey(key).orElseThrow(() -> badRequest("Unknown field: " + key));
            request.put(field, value);
        });
        return request;
    }

    static PolicyRequestBody forClient(String body) {
        PolicyRequestBody request = new PolicyRequestBody();
        parseObject(body).forEach((key, value) -> {
            if (RefreshTokenPolicySettings.REFRESH_TOKEN_GRANT.equals(key)) {
                if (value != null && !(value instanceof Boolean)) {
                    throw badRequest(key + " must be true, false or null");
                }
                request.refreshTokenGrant = Optional.of(Optional.ofNullable((Boolean) value));
                return;
            }
            PolicyField field = PolicyField.byKey(key).orElseThrow(() -> badRequest("Unknown field: " + key));
            if (!field.clientOverridable()) {
                throw badRequest(key + " is a realm setting and cannot be overridden per client");
            }
            request.put(field, value);
        });
        return request;
    }

    private void put(PolicyField field, Object value) {
        try {
            changes.put(field, value == null ? Optional.empty() : Optional.of(field.parse(value)));
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
    }

    private static Map<String, Object> parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw badRequest("Request body must be a JSON object");
        }
        if (body.length() > MAX_BODY_LENGTH) {
            throw badRequest("Request body is too large");
        }
        try {
            Map<String, Object> json = STRICT_JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
            if (json == null) {
                throw badRequest("Request body must be a JSON object");
            }
            return json;
        } catch (JsonParseException e) {
            throw badRequest(e.getOriginalMessage().startsWith("Duplicate field") ? "Request body names a field more than once"
                    : "Request body must be a JSON object");
        } catch (IOException e) {
            throw badRequest("Request body must be a JSON object");
        }
    }

    static ErrorResponseException badRequest(String message) {
        return ErrorResponse.error(message, Response.Status.BAD_REQUEST);
    }
}
