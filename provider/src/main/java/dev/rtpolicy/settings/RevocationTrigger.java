package dev.rtpolicy.settings;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Security events on which every refresh-token family of the affected user is revoked (RFC 9700 §4.14.2: the
 * authorization server MAY revoke refresh tokens on security events such as a password change).
 */
public enum RevocationTrigger {
    /** The user's own password update, the update-password required action, or an admin's reset. */
    PASSWORD_CHANGE("password-change"),
    /** An OTP, passkey or other credential removed by the user or an admin. */
    CREDENTIAL_REMOVED("credential-removed"),
    /** The user disabled by an admin or locked out by brute-force detection. */
    USER_DISABLED("user-disabled"),
    /** A link to an identity provider removed. */
    IDENTITY_PROVIDER_UNLINKED("identity-provider-unlinked");

    private final String value;

    RevocationTrigger(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<RevocationTrigger> fromValue(String value) {
        return Arrays.stream(values()).filter(t -> t.value.equals(value)).findFirst();
    }

    static String allowedValues() {
        return Arrays.stream(values()).map(RevocationTrigger::value).collect(Collectors.joining(", "));
    }
}
