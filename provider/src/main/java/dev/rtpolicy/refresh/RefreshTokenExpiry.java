package dev.rtpolicy.refresh;

import java.util.function.LongSupplier;

/** A refresh token's {@code exp} under the policy, as a pure function; seconds since the epoch, {@code null} for none. */
final class RefreshTokenExpiry {

    private RefreshTokenExpiry() {
    }

    /**
     * Keycloak's session-derived value (client/SSO session idle and max), except that a token that will not be
     * rotated lives to the session's maximum (its idle timeout is enforced server-side at each refresh); then capped
     * by the configured lifetime. So a token never outlives its session.
     *
     * @param keycloakExp       Keycloak's {@code exp}; {@code null} or 0 for none (offline tokens by default)
     * @param sessionMaxSeconds the client session's latest end, asked only for a token that is not rotated; ≤ 0 when
     *                          unlimited
     * @param lifetimeSeconds   the configured lifetime, or ≤ 0 for "session limits only"
     */
    static Long of(Long keycloakExp, boolean rotated, boolean offline, LongSupplier sessionMaxSeconds, long iat, int lifetimeSeconds) {
        return of(keycloakExp, rotated, offline, sessionMaxSeconds, iat, lifetimeSeconds, null);
    }

    /**
     * The same, then capped at the end of the family's authorization lifetime: rotation never extends it, and a
     * grace retry, minted from the same family, gets the same cap.
     *
     * @param familyEndSeconds {@link #familyEnd}, {@code null} when the family has no lifetime of its own
     */
    static Long of(Long keycloakExp, boolean rotated, boolean offline, LongSupplier sessionMaxSeconds, long iat, int lifetimeSeconds,
                   Long familyEndSeconds) {
        return cap(uncapped(keycloakExp, rotated, offline, sessionMaxSeconds, iat, lifetimeSeconds), familyEndSeconds);
    }

    /** {@code exp} capped at {@code familyEndSeconds}; either may be {@code null} (or ≤ 0 for {@code exp}): unbounded. */
    static Long cap(Long exp, Long familyEndSeconds) {
        if (familyEndSeconds == null) {
            return exp;
        }
        return exp == null || exp <= 0 ? familyEndSeconds : Math.min(exp, familyEndSeconds);
    }

    /**
     * The end of a family's authorization lifetime in milliseconds: its start plus {@code authorizationLifetime}, or
     * 0 when the lifetime is -1 (only Keycloak's session limits apply).
     */
    static long familyEndMillis(long familyStartedAtMillis, int authorizationLifetimeSeconds) {
        return authorizationLifetimeSeconds > 0 ? familyStartedAtMillis + authorizationLifetimeSeconds * 1000L : 0;
    }

    /** {@link #familyEndMillis} in whole seconds, rounded down so that no {@code exp} passes it; {@code null} for none. */
    static Long familyEnd(long familyStartedAtMillis, int authorizationLifetimeSeconds) {
        long end = familyEndMillis(familyStartedAtMillis, authorizationLifetimeSeconds);
        return end > 0 ? end / 1000 : null;
    }

    /**
     * When the authorization behind a token ends (draft-ietf-oauth-refresh-token-expiration-02
     * {@code authorization_expires_in}): the family's end or, sooner, the client session's latest end (Keycloak's
     * session maximum, which no refresh extends); {@code null} when neither is bounded.
     */
    static Long authorizationEnd(Long familyEndSeconds, long sessionMaxSeconds) {
        Long sessionMax = sessionMaxSeconds > 0 ? sessionMaxSeconds : null;
        if (familyEndSeconds == null) {
            return sessionMax;
        }
        return sessionMax == null ? familyEndSeconds : Math.min(familyEndSeconds, sessionMax);
    }

    /**
     * How long a client may hold a token without exchanging it (the draft's {@code refresh_token_timeout}): its
     * {@code exp}, or sooner the client session's idle end, which Keycloak enforces at every refresh (a token that is
     * not rotated lives to the session's maximum, but an idle session still ends it); {@code null} when unbounded.
     */
    static Long timeoutEnd(Long exp, long idleEndSeconds) {
        Long idleEnd = idleEndSeconds > 0 ? idleEndSeconds : null;
        if (exp == null || exp <= 0) {
            return idleEnd;
        }
        return idleEnd == null ? exp : Math.min(exp, idleEnd);
    }

    private static Long uncapped(Long keycloakExp, boolean rotated, boolean offline, LongSupplier sessionMaxSeconds, long iat, int lifetimeSeconds) {
        Long exp = keycloakExp;
        if (!rotated) {
            long max = sessionMaxSeconds.getAsLong();
            if (max > 0) {
                exp = max;
            } else if (offline) {
                exp = null;
            }
        }
        if (lifetimeSeconds > 0) {
            long limit = iat + lifetimeSeconds;
            exp = exp == null || exp <= 0 ? limit : Math.min(exp, limit);
        }
        return exp;
    }
}
