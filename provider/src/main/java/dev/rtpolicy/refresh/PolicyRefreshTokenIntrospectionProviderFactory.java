package dev.rtpolicy.refresh;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

/** Replaces Keycloak's {@code refresh_token} introspection provider (same id, higher order, non-Keycloak package). */
public final class PolicyRefreshTokenIntrospectionProviderFactory extends RefreshTokenIntrospectionProviderFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new PolicyRefreshTokenIntrospectionProvider(session);
    }

    @Override
    public int order() {
        return 1;
    }
}
