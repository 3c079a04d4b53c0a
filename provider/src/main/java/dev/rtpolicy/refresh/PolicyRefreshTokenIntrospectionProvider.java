package dev.rtpolicy.refresh;

import org.keycloak.models.KeycloakSession;

/**
 * RFC 7662 introspection of refresh tokens ({@code token_type_hint=refresh_token}) that agrees with the refresh
 * grant: only a family's current token is active (a rotated-out one is not, even inside the grace window), and none
 * of a client whose refresh-token grant is off. A token issued before installation is active while stock Keycloak
 * would honour it ({@link StockReuseVerdict}).
 */
final class PolicyRefreshTokenIntrospectionProvider extends LineRefreshTokenIntrospectionProvider {

    PolicyRefreshTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    /** RFC 7662 §2.2: {@code active} means the token can be used, so every refusal of the refresh grant applies here. */
    @Override
    protected boolean verifyTokenReuse() {
        return RefreshTokenActivity.isActive(session, realm, client, userSession, token, eventBuilder);
    }
}
