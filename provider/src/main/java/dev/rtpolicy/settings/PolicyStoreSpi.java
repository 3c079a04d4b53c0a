package dev.rtpolicy.settings;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers {@link PolicyStore} as a component type, so realms can hold and export our settings component. */
public final class PolicyStoreSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "refresh-token-policy-store";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PolicyStore.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PolicyStoreFactory.class;
    }
}
