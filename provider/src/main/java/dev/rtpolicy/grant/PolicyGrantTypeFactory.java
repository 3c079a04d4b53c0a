package dev.rtpolicy.grant;

import java.util.List;
import java.util.Set;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Takes the place of one of Keycloak's grant factories (same id and shortcut, higher order, non-Keycloak package)
 * and wraps its grant in {@link PolicyGrantType}. Everything else, feature flags included, is the built-in factory's.
 * The subclasses exist only because {@link java.util.ServiceLoader} needs a no-argument constructor.
 */
abstract class PolicyGrantTypeFactory implements OAuth2GrantTypeFactory, EnvironmentDependentProviderFactory {

    private final OAuth2GrantTypeFactory builtIn;

    PolicyGrantTypeFactory(OAuth2GrantTypeFactory builtIn) {
        this.builtIn = builtIn;
    }

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new PolicyGrantType(builtIn.create(session));
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return !(builtIn instanceof EnvironmentDependentProviderFactory dependent) || dependent.isSupported(config);
    }

    @Override
    public String getId() {
        return builtIn.getId();
    }

    /** Must stay the built-in one: token ids encode the grant by shortcut, and duplicates fail the start-up. */
    @Override
    public String getShortcut() {
        return builtIn.getShortcut();
    }

    @Override
    public int order() {
        return builtIn.order() + 1;
    }

    @Override
    public void init(Config.Scope config) {
        builtIn.init(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        builtIn.postInit(factory);
    }

    @Override
    public void close() {
        builtIn.close();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return builtIn.getConfigMetadata();
    }

    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return builtIn.dependsOn();
    }

    public static final class AuthorizationCode extends PolicyGrantTypeFactory {
        public AuthorizationCode() {
            super(new org.keycloak.protocol.oidc.grants.AuthorizationCodeGrantTypeFactory());
        }
    }

    public static final class ResourceOwnerPassword extends PolicyGrantTypeFactory {
        public ResourceOwnerPassword() {
            super(new org.keycloak.protocol.oidc.grants.ResourceOwnerPasswordCredentialsGrantTypeFactory());
        }
    }

    public static final class ClientCredentials extends PolicyGrantTypeFactory {
        public ClientCredentials() {
            super(new org.keycloak.protocol.oidc.grants.ClientCredentialsGrantTypeFactory());
        }
    }

    public static final class RefreshToken extends PolicyGrantTypeFactory {
        public RefreshToken() {
            super(new org.keycloak.protocol.oidc.grants.RefreshTokenGrantTypeFactory());
        }
    }

    public static final class Device extends PolicyGrantTypeFactory {
        public Device() {
            super(new org.keycloak.protocol.oidc.grants.device.DeviceGrantTypeFactory());
        }
    }

    public static final class Ciba extends PolicyGrantTypeFactory {
        public Ciba() {
            super(new org.keycloak.protocol.oidc.grants.ciba.CibaGrantTypeFactory());
        }
    }

    public static final class TokenExchange extends PolicyGrantTypeFactory {
        public TokenExchange() {
            super(new org.keycloak.protocol.oidc.grants.TokenExchangeGrantTypeFactory());
        }
    }

    /** UMA ({@code uma-ticket}): issues refresh tokens with requesting party tokens. */
    public static final class Permission extends PolicyGrantTypeFactory {
        public Permission() {
            super(new org.keycloak.protocol.oidc.grants.PermissionGrantTypeFactory());
        }
    }
}
