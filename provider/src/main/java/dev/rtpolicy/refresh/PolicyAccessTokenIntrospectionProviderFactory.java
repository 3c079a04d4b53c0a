package dev.rtpolicy.refresh;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

/** Replaces Keycloak's {@code access_token} introspection provider (same id, higher order, non-Keycloak package). */
public final class PolicyAccessTokenIntrospectionProviderFactory extends AccessTokenIntrospectionProviderFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new PolicyAccessTokenIntrospectionProvider(session);
    }

    @Override
    public int order() {
        return 1;
    }
}
