package dev.rtpolicy.grant;

import java.util.List;
import java.util.Set;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Takes the place of one of Keycloak's grant factories (same id and shortcut, higher order, non-Keycloak package)
 * and wraps its grant in {@link IssuancePolicyGrantType}. Everything else is the built-in factory's.
 */
abstract class IssuancePolicyGrantTypeFactory implements OAuth2GrantTypeFactory {

    private final OAuth2GrantTypeFactory builtIn;

    IssuancePolicyGrantTypeFactory(OAuth2GrantTypeFactory builtIn) {
        this.builtIn = builtIn;
    }

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new IssuancePolicyGrantType(builtIn.create(session));
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
}
