package dev.rtpolicy.grant;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessTokenResponse;

import dev.rtpolicy.refresh.TokenResponseExpiry;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * The token response parameters of draft-ietf-oauth-refresh-token-expiration-02, added to every response that carries
 * a refresh token, and to a refresh with rotation off for the token the client presented (it keeps using that one).
 * Keycloak's own {@code refresh_expires_in} stays as Keycloak computes it.
 */
final class ExpirationParameters {

    /** Seconds the client may hold the refresh token without exchanging it; omitted when unbounded. */
    static final String REFRESH_TOKEN_TIMEOUT = "refresh_token_timeout";
    /** Seconds until the authorization behind the refresh token ends; omitted when unbounded. */
    static final String AUTHORIZATION_EXPIRES_IN = "authorization_expires_in";
    /** The name of an early individual draft, Keycloak's {@code refresh_expires_in}; deprecated, see the realm setting. */
    static final String REFRESH_TOKEN_EXPIRES_IN = "refresh_token_expires_in";

    private ExpirationParameters() {
    }

    /** @param settings any client's settings of the realm, or the realm's: the alias setting is realm-wide */
    static void add(KeycloakSession session, RefreshTokenPolicySettings settings, AccessTokenResponse tokens) {
        TokenResponseExpiry expiry = TokenResponseExpiry.take(session);
        if (tokens.getRefreshToken() != null && tokens.getRefreshExpiresIn() > 0 && settings.deprecatedRefreshTokenExpiresIn()) {
            tokens.setOtherClaims(REFRESH_TOKEN_EXPIRES_IN, tokens.getRefreshExpiresIn());
        }
        if (expiry == null || (tokens.getRefreshToken() == null && !expiry.presentedTokenKept())) {
            return;
        }
        long now = expiry.responseSecond(tokens.getRefreshExpiresIn(), Time.currentTime());
        put(tokens, REFRESH_TOKEN_TIMEOUT, TokenResponseExpiry.secondsFrom(now, expiry.timeoutEnd()));
        put(tokens, AUTHORIZATION_EXPIRES_IN, TokenResponseExpiry.secondsFrom(now, expiry.authorizationEnd()));
    }

    private static void put(AccessTokenResponse tokens, String name, Long seconds) {
        if (seconds != null) {
            tokens.setOtherClaims(name, seconds);
        }
    }
}
