package dev.rtpolicy.console;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import dev.rtpolicy.settings.PolicyField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ClientOverridesPageFactoryTest {

    @Test
    void formWhenAdminMayNotViewAllClientsThenEveryOverrideAndTheEffectiveValuesAreSecretButNotTheClient() {
        List<ProviderConfigProperty> properties = ClientOverridesPageFactory.properties(true);

        assertEquals(PolicyField.clientOverridableFields().size() + 2, properties.size());
        for (ProviderConfigProperty property : properties) {
            assertEquals(!property.getName().equals(ClientOverridesPageFactory.CLIENT), property.isSecret(), property.getName());
        }
    }

    @Test
    void formWhenAdminMayViewAllClientsThenNothingIsSecret() {
        for (ProviderConfigProperty property : ClientOverridesPageFactory.properties(false)) {
            assertFalse(property.isSecret(), property.getName());
        }
    }
}
