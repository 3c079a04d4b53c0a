package dev.rtpolicy.refresh;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProviderFactory;

/**
 * Ranks above Keycloak's {@code default} (order 0) and below {@code oid4vci} (order 10), so verifiable-credential
 * refresh tokens keep their own provider. The version guard and the grant coverage run on every line, in
 * {@code settings/PolicyStoreFactory}.
 */
public final class PolicyRefreshTokenProviderFactory implements RefreshTokenProviderFactory {

    public static final String PROVIDER_ID = "refresh-token-policy";

    @Override
    public RefreshTokenProvider create(KeycloakSession session) {
        return new PolicyRefreshTokenProvider(session);
    }

    @Override
    public int order() {
        return 5;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
