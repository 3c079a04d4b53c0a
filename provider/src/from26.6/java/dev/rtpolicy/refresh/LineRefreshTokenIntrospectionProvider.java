package dev.rtpolicy.refresh;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProvider;

/**
 * Keycloak 26.6 and newer: a refresh token may be introspected by the client it was issued to. From 26.6.2 stock's
 * refresh-token introspection inherits the access-token audience check, which a refresh token (whose audience is the
 * realm) never passes, so every refresh token introspected inactive (keycloak#51552; 26.7 has this same rule).
 */
abstract class LineRefreshTokenIntrospectionProvider extends RefreshTokenIntrospectionProvider {

    LineRefreshTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    protected boolean verifyAudience() {
        return session.getContext().getClient().getClientId().equals(token.getIssuedFor());
    }
}
