package dev.rtpolicy.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fields of the {@code refresh-token-policy} contract: their JSON name (also the stored key), type, default and
 * whether a client may override them. Parsing here is the only validation; the stored form is the canonical string.
 */
public enum PolicyField {

    /** "Issue Refresh Tokens": issue a refresh token with the access token. Realm only. */
    ISSUE_REFRESH_TOKENS("issueRefreshTokens", Kind.BOOLEAN, "true", false, 0, 0),
    /** "Issue Refresh Tokens on Refreshing Access Tokens": rotate on refresh. */
    ISSUE_REFRESH_TOKENS_ON_REFRESH("issueRefreshTokensOnRefresh", Kind.BOOLEAN, "true", true, 0, 0),
    /** Seconds after a rotation during which the retired token may be retried (idempotently). */
    REUSE_GRACE_PERIOD("reuseGracePeriod", Kind.INTEGER, "0", true, 0, 300),
    /** What a detected reuse of a retired refresh token triggers. */
    REUSE_RESPONSE("reuseResponse", Kind.REUSE_RESPONSE, ReuseResponse.REVOKE_GRANT.value(), true, 0, 0),
    /** Seconds each refresh token lives from its issuance, or -1: only Keycloak's session limits apply. */
    REFRESH_TOKEN_LIFETIME("refreshTokenLifetime", Kind.LIFETIME, "-1", true, 1, PolicyField.MAX_LIFETIME),
    /** The same for offline tokens. */
    OFFLINE_REFRESH_TOKEN_LIFETIME("offlineRefreshTokenLifetime", Kind.LIFETIME, "-1", true, 1, PolicyField.MAX_LIFETIME),
    /**
     * Seconds from a family's first token (the original authorization) after which none of its tokens refreshes, online
     * or offline; rotation never extends it. -1: only Keycloak's session limits apply.
     */
    AUTHORIZATION_LIFETIME("authorizationLifetime", Kind.LIFETIME, "-1", true, 1, PolicyField.MAX_LIFETIME),
    /**
     * Whether token responses still carry {@code refresh_token_expires_in}, the name of an early individual draft,
     * next to the adopted draft's parameters. Deprecated: kept for one release, then removed. Realm only.
     */
    DEPRECATED_REFRESH_TOKEN_EXPIRES_IN("deprecatedRefreshTokenExpiresIn", Kind.BOOLEAN, "true", false, 0, 0),
    /** Security events that revoke every refresh-token family of the affected user. Realm only; none by default. */
    REVOKE_REFRESH_TOKENS_ON("revokeRefreshTokensOn", Kind.TRIGGERS, "[]", false, 0, 0);

    /** Ten years, in seconds: longer than any session Keycloak keeps. */
    static final long MAX_LIFETIME = 315_360_000L;

    /** The value types; the admin console picks its editors by them. */
    public enum Kind { BOOLEAN, INTEGER, LIFETIME, REUSE_RESPONSE, TRIGGERS }

    private final String key;
    private final Kind kind;
    private final String defaultValue;
    private final boolean clientOverridable;
    private final long min;
    private final long max;

    PolicyField(String key, Kind kind, String defaultValue, boolean clientOverridable, long min, long max) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.clientOverridable = clientOverridable;
        this.min = min;
        this.max = max;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public boolean clientOverridable() {
        return clientOverridable;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Validates a value as a form sends it (text) and returns the stored form.
     *
     * @throws IllegalArgumentException with a message naming the field
     */
    public String parseText(String text) {
        String value = text == null ? "" : text.trim();
        switch (kind) {
            case BOOLEAN:
                return parse(value.equals("true") ? Boolean.TRUE : value.equals("false") ? Boolean.FALSE : (Object) value);
            case INTEGER:
            case LIFETIME:
                try {
                    return parse(Long.valueOf(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a whole number of seconds");
                }
            case TRIGGERS:
                // a form's text field: the values separated by commas or spaces, in brackets or not
                return parse(triggers(value));
            default:
                return parse(value);
        }
    }

    public static Optional<PolicyField> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }

    public static List<PolicyField> clientOverridableFields() {
        return Arrays.stream(values()).filter(PolicyField::clientOverridable).toList();
    }

    /**
     * Validates a JSON value (Boolean, Number or String as Jackson reads it) and returns the stored form.
     *
     * @throws IllegalArgumentException with a message naming the field
     */
    public String parse(Object json) {
        switch (kind) {
            case BOOLEAN:
                if (json instanceof Boolean b) {
                    return b.toString();
                }
                throw new IllegalArgumentException(key + " must be true or false");
            case INTEGER:
            case LIFETIME:
                if (json instanceof Integer || json instanceof Long) {
                    long value = ((Number) json).longValue();
                    if (!inRange(value)) {
                        throw new IllegalArgumentException(key + " must be " + (kind == Kind.LIFETIME ? "-1 or " : "") + "between " + min + " and " + max);
                    }
                    return Long.toString(value);
                }
                throw new IllegalArgumentException(key + " must be a whole number of seconds");
            case REUSE_RESPONSE:
                if (json instanceof String s && ReuseResponse.fromValue(s).isPresent()) {
                    return s;
                }
                throw new IllegalArgumentException(key + " must be one of " + ReuseResponse.allowedValues());
            case TRIGGERS:
                if (json instanceof List<?> list && list.stream().allMatch(v -> v instanceof String s && RevocationTrigger.fromValue(s).isPresent())) {
                    // canonical: declaration order, no duplicates, written as the console's forms show a list
                    return Arrays.stream(RevocationTrigger.values()).map(RevocationTrigger::value).filter(list::contains).toList().toString();
                }
                throw new IllegalArgumentException(key + " must be a list of " + RevocationTrigger.allowedValues());
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** The JSON value of a stored string; stored values that no longer parse read as the default. */
    public Object toJson(String stored) {
        String value = isValidStored(stored) ? stored : defaultValue;
        switch (kind) {
            case BOOLEAN:
                return Boolean.valueOf(value);
            case INTEGER:
            case LIFETIME:
                return Integer.valueOf(value);
            case TRIGGERS:
                return triggers(value);
            default:
                return value;
        }
    }

    /** {@code "[a, b]"}, {@code "a,b"} or {@code "a b"}: the listed values. */
    private static List<String> triggers(String text) {
        String list = text.trim();
        if (list.startsWith("[") && list.endsWith("]")) {
            list = list.substring(1, list.length() - 1).trim();
        }
        return list.isEmpty() ? List.of() : List.of(list.split("[,\\s]+"));
    }

    private boolean inRange(long value) {
        return (kind == Kind.LIFETIME && value == -1) || (value >= min && value <= max);
    }

    boolean isValidStored(String stored) {
        if (stored == null) {
            return false;
        }
        try {
            switch (kind) {
                case BOOLEAN:
                    return stored.equals("true") || stored.equals("false");
                case INTEGER:
                case LIFETIME:
                    return inRange(Long.parseLong(stored));
                case TRIGGERS:
                    return triggers(stored).stream().allMatch(t -> RevocationTrigger.fromValue(t).isPresent());
                default:
                    return ReuseResponse.fromValue(stored).isPresent();
            }
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
