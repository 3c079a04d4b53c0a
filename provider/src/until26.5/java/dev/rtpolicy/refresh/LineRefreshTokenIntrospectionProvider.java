package dev.rtpolicy.refresh;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProvider;

/** Keycloak 26.4 and 26.5: stock's refresh-token introspection has no audience check to correct. */
abstract class LineRefreshTokenIntrospectionProvider extends RefreshTokenIntrospectionProvider {

    LineRefreshTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }
}
