package dev.rtpolicy.metadata;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.wellknown.WellKnownProvider;
import org.keycloak.wellknown.WellKnownProviderFactory;

/**
 * Authorization server metadata with {@code refresh_token_expiration_types_supported}
 * (draft-ietf-oauth-refresh-token-expiration-02): Keycloak's own document for the same alias, decorated. Keycloak
 * serves the factory of lowest priority for an alias ({@code WellKnownProviderUtil.resolveFromAlias}); its own have
 * 100, so these win and delegate to them (their options, e.g. {@code openid-configuration-override}, still apply).
 */
public abstract class ExpirationMetadataFactory implements WellKnownProviderFactory {

    /** Below Keycloak's 100 for its OIDC and OAuth documents. */
    static final int PRIORITY = 50;

    private final String alias;
    private final boolean availableViaServerMetadata;

    ExpirationMetadataFactory(String alias, boolean availableViaServerMetadata) {
        this.alias = alias;
        this.availableViaServerMetadata = availableViaServerMetadata;
    }

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        return new ExpirationMetadata(session, alias);
    }

    @Override
    public String getId() {
        return "refresh-token-policy-" + alias;
    }

    @Override
    public String getAlias() {
        return alias;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    /**
     * RFC 8414 §3's {@code /.well-known/oauth-authorization-server/realms/{realm}}, as Keycloak's own factory. Not
     * {@code @Override}: Keycloak asks for it from 26.6 on; before, there is no path-style metadata to be part of.
     */
    public boolean isAvailableViaServerMetadata() {
        return availableViaServerMetadata;
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

    /** {@code /.well-known/openid-configuration}. */
    public static final class OpenIdConfiguration extends ExpirationMetadataFactory {
        public OpenIdConfiguration() {
            super("openid-configuration", false);
        }
    }

    /** {@code /.well-known/oauth-authorization-server} (RFC 8414). */
    public static final class OAuthAuthorizationServer extends ExpirationMetadataFactory {
        public OAuthAuthorizationServer() {
            super("oauth-authorization-server", true);
        }
    }
}
