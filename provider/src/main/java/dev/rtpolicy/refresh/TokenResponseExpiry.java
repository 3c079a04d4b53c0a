package dev.rtpolicy.refresh;

import org.keycloak.models.KeycloakSession;

/**
 * What a token response says about expiry (draft-ietf-oauth-refresh-token-expiration-02): when the refresh token it
 * carries, or with rotation off the one the client presented, must be exchanged by, and when the authorization
 * behind it ends. Seconds since the epoch, {@code null} when unbounded. Recorded by the refresh-token provider in the
 * request's session attributes, read once by the grant that builds the response.
 */
public record TokenResponseExpiry(Long timeoutEnd, Long authorizationEnd, boolean presentedTokenKept) {

    private static final String ATTRIBUTE = TokenResponseExpiry.class.getName();

    static void record(KeycloakSession session, TokenResponseExpiry expiry) {
        session.setAttribute(ATTRIBUTE, expiry);
    }

    /** This request's expiry, removed from the request; {@code null} when no refresh token was minted or kept. */
    public static TokenResponseExpiry take(KeycloakSession session) {
        Object expiry = session.removeAttribute(ATTRIBUTE);
        return expiry instanceof TokenResponseExpiry e ? e : null;
    }

    /** Seconds from {@code nowSeconds} to {@code end}, never negative; {@code null} for an unbounded end. */
    public static Long secondsFrom(long nowSeconds, Long end) {
        return end == null ? null : Math.max(0, end - nowSeconds);
    }
}
