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
