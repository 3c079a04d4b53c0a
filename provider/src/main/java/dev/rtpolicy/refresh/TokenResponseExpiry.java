package dev.rtpolicy.refresh;

import org.keycloak.models.KeycloakSession;

/**
 * What a token response says about expiry (draft-ietf-oauth-refresh-token-expiration-02): when the refresh token it
 * carries, or with rotation off the one the client presented, must be exchanged by, and when the authorization
 * behind it ends. Seconds since the epoch, {@code null} when unbounded; {@code mintedTokenExp} is the {@code exp} of
 * the refresh token minted for the response ({@code null} when none was minted or it has none). Recorded by the
 * refresh-token provider in the request's session attributes, read once by the grant that builds the response.
 */
public record TokenResponseExpiry(Long timeoutEnd, Long authorizationEnd, boolean presentedTokenKept, Long mintedTokenExp) {

    /** How far back Keycloak's own second may lie: a response is built within a request, never a minute after it. */
    private static final long KEYCLOAK_SECOND_MAX_AGE = 60;

    private static final String ATTRIBUTE = TokenResponseExpiry.class.getName();

    static void record(KeycloakSession session, TokenResponseExpiry expiry) {
        session.setAttribute(ATTRIBUTE, expiry);
    }

    /** This request's expiry, removed from the request; {@code null} when no refresh token was minted or kept. */
    public static TokenResponseExpiry take(KeycloakSession session) {
        Object expiry = session.removeAttribute(ATTRIBUTE);
        return expiry instanceof TokenResponseExpiry e ? e : null;
    }

    /**
     * The second the response's expiry parameters count from. Keycloak computed {@code refresh_expires_in} as the
     * minted token's {@code exp} minus its own reading of the clock; counting from that same second, not from a later
     * reading, makes {@code refresh_token_timeout} equal {@code refresh_expires_in} where both describe the same end.
     * Where no token was minted, Keycloak gave no expiry, or the result is not a recent second, {@code nowSeconds}.
     */
    public long responseSecond(long refreshExpiresIn, long nowSeconds) {
        if (mintedTokenExp == null || refreshExpiresIn <= 0) {
            return nowSeconds;
        }
        long keycloakSecond = mintedTokenExp - refreshExpiresIn;
        return keycloakSecond <= nowSeconds && keycloakSecond >= nowSeconds - KEYCLOAK_SECOND_MAX_AGE ? keycloakSecond : nowSeconds;
    }

    /** Seconds from {@code nowSeconds} to {@code end}, never negative; {@code null} for an unbounded end. */
    public static Long secondsFrom(long nowSeconds, Long end) {
        return end == null ? null : Math.max(0, end - nowSeconds);
    }
}
