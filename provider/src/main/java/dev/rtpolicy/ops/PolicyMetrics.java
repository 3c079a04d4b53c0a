package dev.rtpolicy.ops;

import java.util.Locale;

import io.micrometer.core.instrument.Metrics;

/**
 * Counters on Keycloak's metrics endpoint ({@code --metrics-enabled=true}), labelled by realm only: client ids are
 * unbounded. Per node, like all of Keycloak's metrics; nothing is kept here.
 */
public final class PolicyMetrics {

    static final String REFRESHES = "keycloak.refresh_token_policy.refreshes";
    static final String SUPPRESSED = "keycloak.refresh_token_policy.issuance.suppressed";
    static final String FAMILIES_REVOKED = "keycloak.refresh_token_policy.families.revoked";

    /** What became of a refresh request that reached the policy. */
    public enum Outcome {
        ROTATED, NOT_ROTATED, GRACE_RETRY,
        REUSE_REVOKE_GRANT, REUSE_REVOKE_USER_SESSION, REUSE_REJECT_ONLY,
        REFUSED_UNAUTHORIZED_CLIENT, REFUSED_INVALID_SCOPE, REFUSED_UNKNOWN_FAMILY, REFUSED_CONCURRENT, REFUSED_AUTHORIZATION_EXPIRED, REFUSED_SESSION_ENDED;

        private final String tag = name().toLowerCase(Locale.ROOT);

        String tag() {
            return tag;
        }
    }

    private PolicyMetrics() {
    }

    public static void refresh(String realm, Outcome outcome) {
        Metrics.counter(REFRESHES, "realm", realm, "outcome", outcome.tag()).increment();
    }

    /** A grant that would have issued a refresh token but did not, because of the realm switch or the client's grant. */
    public static void suppressed(String realm, String reason) {
        Metrics.counter(SUPPRESSED, "realm", realm, "reason", reason).increment();
    }

    /** Refresh-token families revoked on a security event ({@code revokeRefreshTokensOn}), by trigger. */
    public static void familiesRevoked(String realm, String trigger, int families) {
        Metrics.counter(FAMILIES_REVOKED, "realm", realm, "trigger", trigger).increment(families);
    }
}
