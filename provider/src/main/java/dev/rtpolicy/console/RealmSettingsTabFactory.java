package dev.rtpolicy.console;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import dev.rtpolicy.settings.PolicyField;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Realm settings → "Refresh tokens" (declarative UI, {@code --features=declarative-ui}). The console keeps the form
 * in a component of its own; saving it validates and writes through {@link RefreshTokenPolicySettings}, and
 * {@link ConsoleMirror} copies API changes back into it, so the console, the API and the token endpoint agree.
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
        changes(model);
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (RefreshTokenPolicySettings.updateRealm(realm, changes(model))) {
            ConsoleMirror.realmSettingsChangedInTab(session, realm);
        }
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        if (RefreshTokenPolicySettings.updateRealm(realm, changes(newModel))) {
            ConsoleMirror.realmSettingsChangedInTab(session, realm);
        }
    }

    private static Map<PolicyField, Optional<String>> changes(ComponentModel model) {
        return ConsoleForms.changes(model, List.of(PolicyField.values()));
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
}
