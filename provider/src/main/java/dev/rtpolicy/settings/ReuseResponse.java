package dev.rtpolicy.settings;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the server does when a retired refresh token comes back outside the grace window (RFC 9700 §4.14.2). */
public enum ReuseResponse {
    /** Revoke every token of the grant: the client's session in that user session. */
    REVOKE_GRANT("revoke-grant"),
    /** End the whole user session, every client of that SSO session. */
    REVOKE_USER_SESSION("revoke-user-session"),
    /** Refuse only the replay; the family's current token keeps working. */
    REJECT_ONLY("reject-only");

    private final String value;

    ReuseResponse(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<ReuseResponse> fromValue(String value) {
        return Arrays.stream(values()).filter(r -> r.value.equals(value)).findFirst();
    }

    static String allowedValues() {
        return Arrays.stream(values()).map(ReuseResponse::value).collect(Collectors.joining(", "));
    }
}
