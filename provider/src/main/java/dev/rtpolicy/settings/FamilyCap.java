package dev.rtpolicy.settings;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * How many refresh-token families one client session keeps at most (the newest by their latest issue): a server
 * option, the same on every node, like Keycloak's own limits. {@code --spi-refresh-token-policy-store--refresh-token-policy--max-families-per-client-session=100}
 * (or {@code KC_SPI_REFRESH_TOKEN_POLICY_STORE__REFRESH_TOKEN_POLICY__MAX_FAMILIES_PER_CLIENT_SESSION}).
 */
public final class FamilyCap {

    /** The option's key in the provider's configuration scope. */
    static final String OPTION = "maxFamiliesPerClientSession";
    static final int DEFAULT = 100;

    private FamilyCap() {
    }

    /** The configured cap; a value that is not a whole number ≥ 1 fails the start-up with a message naming the option. */
    static int read(Config.Scope config) {
        String value = config.get(OPTION);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            int cap = Integer.parseInt(value.trim());
            if (cap >= 1) {
                return cap;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("max-families-per-client-session of the refresh-token-policy provider must be a whole number of at least 1, not '"
                + value + "'");
    }

    static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(OPTION).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT)
                .helpText("Refresh-token families one client session keeps at most (the newest by their latest issue); older ones are dropped")
                .add().build();
    }

    /** The cap this server runs with. */
    public static int of(KeycloakSession session) {
        ProviderFactory<PolicyStore> factory = session.getKeycloakSessionFactory().getProviderFactory(PolicyStore.class, PolicyStoreFactory.PROVIDER_ID);
        return factory instanceof PolicyStoreFactory store ? store.familyCap() : DEFAULT;
    }
}
