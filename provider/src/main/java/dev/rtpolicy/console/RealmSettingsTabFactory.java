package dev.rtpolicy.console;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import dev.rtpolicy.settings.PolicyField;
import dev.rtpolicy.settings.RealmImports;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Realm settings → "Refresh tokens" (declarative UI, {@code --features=declarative-ui}). The console keeps the form
 * in a component of its own; saving it validates and writes through {@link RefreshTokenPolicySettings}, and
 * {@link ConsoleMirror} copies every other write back into it, so the console, the API and the token endpoint agree.
 */
public final class RealmSettingsTabFactory implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    public static final String PROVIDER_ID = "rtp-refresh-tokens";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Optional {@code :tab} segment: the tab also shows on the landing page of realm settings (keycloak#39971). */
    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "refresh-tokens");
    }

    @Override
    public String getHelpText() {
        return "rtp-refresh-tokens.help";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return Arrays.stream(PolicyField.values()).map(ConsoleForms::realmProperty).toList();
    }

    /** Refuses an invalid form with the field's message; nothing is saved (the console shows the message). */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        RealmImports.validate(session, realm, () -> {
            if (ConsoleMirror.findTab(realm).filter(tab -> !tab.getId().equals(model.getId())).isPresent()) {
                throw new ComponentValidationException("The realm has its refresh token settings form already: update that one");
            }
            changes(model);
        });
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        ConsoleMirror.whileSaving(session, model, () -> save(realm, model));
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        ConsoleMirror.whileSaving(session, newModel, () -> save(realm, newModel));
    }

    /**
     * Writes only the fields the admin changed: the form always sends every field, and a value left untouched keeps
     * its source (a default stays a default in the effective settings).
     */
    private static void save(RealmModel realm, ComponentModel model) {
        Map<String, Object> current = RefreshTokenPolicySettings.of(realm).realmJson();
        Map<PolicyField, Optional<String>> changed = new EnumMap<>(PolicyField.class);
        changes(model).forEach((field, value) -> {
            if (!value.orElse(field.defaultValue()).equals(String.valueOf(current.get(field.key())))) {
                changed.put(field, value);
            }
        });
        if (!changed.isEmpty()) {
            RefreshTokenPolicySettings.updateRealm(realm, changed);
        }
    }

    private static Map<PolicyField, Optional<String>> changes(ComponentModel model) {
        return ConsoleForms.changes(model, List.of(PolicyField.values()));
    }

    @Override
    public void init(Config.Scope config) {
    }

    /** The console's forms follow every write of the settings and Keycloak's realm and client events. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new ConsoleEvents());
    }

    @Override
    public void close() {
    }
}
