package dev.rtpolicy.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;

import dev.rtpolicy.settings.PolicyField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleFormsTest {

    @Test
    void clientFormWhenInheritOrBlankThenOverrideCleared() {
        ComponentModel form = form(Map.of("reuseGracePeriod", "inherit", "reuseResponse", " ", "refreshTokenLifetime", " 600 "));

        Map<PolicyField, Optional<String>> changes = ConsoleForms.changes(form, PolicyField.clientOverridableFields());

        assertEquals(Optional.empty(), changes.get(PolicyField.REUSE_GRACE_PERIOD));
        assertEquals(Optional.empty(), changes.get(PolicyField.REUSE_RESPONSE));
        assertEquals(Optional.of("600"), changes.get(PolicyField.REFRESH_TOKEN_LIFETIME));
        assertEquals(Optional.empty(), changes.get(PolicyField.ISSUE_REFRESH_TOKENS_ON_REFRESH), "absent field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reuseGracePeriod=301", "refreshTokenLifetime=-2", "reuseResponse=forgive", "issueRefreshTokensOnRefresh=yes"})
    void formWhenValueInvalidThenRefusedNamingTheField(String assignment) {
        String[] pair = assignment.split("=");

        ComponentValidationException refused = assertThrows(ComponentValidationException.class,
                () -> ConsoleForms.changes(form(Map.of(pair[0], pair[1])), List.of(PolicyField.values())));

        assertTrue(refused.getMessage().contains(pair[0]), refused.getMessage());
    }

    @Test
    void clientPropertiesOfferInheritFirstSoANewEntryOverridesNothing() {
        for (PolicyField field : PolicyField.clientOverridableFields()) {
            ProviderConfigProperty property = ConsoleForms.clientProperty(field);
            assertEquals(ConsoleForms.INHERIT, property.getDefaultValue(), field.key());
            if (property.getOptions() != null) {
                assertEquals(ConsoleForms.INHERIT, property.getOptions().get(0), field.key());
            }
        }
    }

    @Test
    void realmTabShowsEveryFieldWithItsDefault() {
        List<ProviderConfigProperty> properties = new RealmSettingsTabFactory().getConfigProperties();

        assertEquals(PolicyField.values().length, properties.size());
        for (PolicyField field : PolicyField.values()) {
            assertTrue(properties.stream().anyMatch(p -> p.getName().equals(field.key()) && p.getDefaultValue().equals(field.defaultValue())), field.key());
        }
    }

    @Test
    void clientPageHasNoRealmOnlyField() {
        List<String> names = new ClientOverridesPageFactory().getConfigProperties().stream().map(ProviderConfigProperty::getName).toList();

        assertFalse(names.contains(PolicyField.ISSUE_REFRESH_TOKENS.key()), "issuance is the realm switch and the client's own grant");
        assertEquals(ClientOverridesPageFactory.CLIENT, names.get(0));
        assertEquals(ClientOverridesPageFactory.EFFECTIVE, names.get(names.size() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void everyConsoleTextExistsInTheBundle(String language) throws IOException {
        Properties bundle = bundle(language);

        for (String key : consoleKeys()) {
            assertNotNull(bundle.getProperty(key), key + " missing in messages_" + language);
            assertTrue(key.startsWith("rtp"), "unique prefix: " + key);
        }
    }

    @Test
    void bundlesHaveTheSameKeys() throws IOException {
        assertEquals(bundle("en").stringPropertyNames(), bundle("de").stringPropertyNames());
    }

    private static List<String> consoleKeys() {
        List<String> keys = new ArrayList<>();
        RealmSettingsTabFactory tab = new RealmSettingsTabFactory();
        ClientOverridesPageFactory page = new ClientOverridesPageFactory();
        keys.addAll(List.of(tab.getId(), tab.getHelpText(), page.getId(), page.getHelpText()));
        List<ProviderConfigProperty> properties = new ArrayList<>(tab.getConfigProperties());
        properties.addAll(page.getConfigProperties());
        properties.forEach(p -> {
            keys.add(p.getLabel());
            keys.add(p.getHelpText());
        });
        return keys;
    }

    private static Properties bundle(String language) throws IOException {
        Properties bundle = new Properties();
        try (InputStream in = ConsoleFormsTest.class.getClassLoader().getResourceAsStream("theme-resources/messages/messages_" + language + ".properties")) {
            assertNotNull(in, language);
            bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return bundle;
    }

    private static ComponentModel form(Map<String, String> values) {
        ComponentModel form = new ComponentModel();
        values.forEach(form.getConfig()::putSingle);
        return form;
    }
}
