package dev.rtpolicy.registration;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.clientregistration.ClientRegistrationProvider;
import org.keycloak.services.clientregistration.DefaultClientRegistrationProviderFactory;

/**
 * Keycloak's {@code default} client registration (same id, next order) with one change: a registrant cannot set the
 * client's refresh-token overrides (see {@link PolicyClientRegistrationProvider}).
 */
public final class PolicyClientRegistrationProviderFactory extends DefaultClientRegistrationProviderFactory {

    @Override
    public ClientRegistrationProvider create(KeycloakSession session) {
        return new PolicyClientRegistrationProvider(session);
    }

    @Override
    public int order() {
        return super.order() + 1;
    }
}
