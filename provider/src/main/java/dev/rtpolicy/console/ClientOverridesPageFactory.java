package dev.rtpolicy.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import dev.rtpolicy.settings.PolicyField;
import dev.rtpolicy.settings.RealmImports;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Left navigation → "Refresh token overrides" (declarative UI): one entry per client, holding its overrides and,
 * read-only, its effective settings with their sources. A page, not a client-details tab: the console keeps one form
 * per realm for a client tab, so a tab would show client A's values on client B.
 * <p>
 * Saving an entry validates it and writes the overrides through {@link RefreshTokenPolicySettings}; deleting it
 * clears them. {@link ConsoleMirror} keeps entries in step with every other write: the admin API, Keycloak's client
 * API, a realm import, changes to the client.
 */
public final class ClientOverridesPageFactory implements UiPageProvider, UiPageProviderFactory<ComponentModel> {

    public static final String PROVIDER_ID = "rtp-client-overrides";
    /** The client's clientId (the console's client picker stores the clientId, not the UUID). */
    static final String CLIENT = "client";
    /** The effective settings as text, computed on every save; what an admin types there is replaced. */
    static final String EFFECTIVE = "effective";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "rtp-client-overrides.help";
    }

    /**
     * The form. For an admin who may not view every client, the overrides and effective values are secret, so
     * Keycloak's {@code GET /components} masks them (the console then shows {@code **********}; the client column
     * stays); a masked value saved back unchanged keeps the stored one.
     */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return properties(!ClientOverridesAccess.currentAdminMayViewAllClients());
    }

    static List<ProviderConfigProperty> properties(boolean masked) {
        List<ProviderConfigProperty> properties = new ArrayList<>();
        ProviderConfigProperty client = ConsoleForms.labelled(CLIENT);
        client.setType(ProviderConfigProperty.CLIENT_LIST_TYPE);
        client.setRequired(true);
        properties.add(client);
        PolicyField.clientOverridableFields().forEach(field -> properties.add(ConsoleForms.clientProperty(field)));
        ProviderConfigProperty effective = ConsoleForms.labelled(EFFECTIVE);
        effective.setType(ProviderConfigProperty.TEXT_TYPE);
        effective.setReadOnly(true);
        properties.add(effective);
        properties.forEach(property -> property.setSecret(masked && property != client));
        return properties;
    }

    /** The list's columns. */
    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(CLIENT, PolicyField.ISSUE_REFRESH_TOKENS_ON_REFRESH.key(), PolicyField.REUSE_GRACE_PERIOD.key(),
                PolicyField.REUSE_RESPONSE.key(), PolicyField.REFRESH_TOKEN_LIFETIME.key()));
    }

    /**
     * Refuses a form without a client, for an unknown client, for a client that has an entry already, or with an
     * invalid value (the console shows the message; nothing is saved). Fills in the effective settings.
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        RealmImports.validate(session, realm, () -> validate(realm, model));
    }

    private static void validate(RealmModel realm, ComponentModel model) {
        String clientId = model.get(CLIENT);
        if (clientId == null || clientId.isBlank()) {
            throw new ComponentValidationException("Choose a client");
        }
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            throw new ComponentValidationException("Client " + clientId + " does not exist in this realm");
        }
        Optional<ComponentModel> other = ConsoleMirror.findEntry(realm, clientId).filter(entry -> !entry.getId().equals(model.getId()));
        if (other.isPresent()) {
            throw new ComponentValidationException("Client " + clientId + " has an entry already: edit that one");
        }
        RefreshTokenPolicySettings settings = RefreshTokenPolicySettings.of(realm, client).withClientChanges(overrides(model));
        ConsoleForms.putClientOverrides(model, settings);
        model.getConfig().putSingle(EFFECTIVE, ConsoleForms.describeEffective(settings));
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        ConsoleMirror.whileSaving(session, model, () -> write(session, realm, realm.getClientByClientId(model.get(CLIENT)), overrides(model)));
    }

    /** Moving an entry to another client clears the first client's overrides. */
    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        ClientModel client = realm.getClientByClientId(newModel.get(CLIENT));
        ClientModel previous = oldModel.get(CLIENT) == null ? null : realm.getClientByClientId(oldModel.get(CLIENT));
        ConsoleMirror.whileSaving(session, newModel, () -> {
            if (previous != null && !previous.getId().equals(client.getId())) {
                write(session, realm, previous, ConsoleForms.inheritAll());
            }
            write(session, realm, client, overrides(newModel));
        });
    }

    /**
     * Deleting an entry clears the client's overrides: it inherits every setting again. Not when the entry goes
     * because its client is being removed: Keycloak authorized that removal, and the overrides go with the client.
     */
    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        ClientModel client = model.get(CLIENT) == null ? null : realm.getClientByClientId(model.get(CLIENT));
        if (client != null && !ConsoleMirror.isRemovedWithItsClient(session, model)) {
            ConsoleMirror.whileSaving(session, model, () -> write(session, realm, client, ConsoleForms.inheritAll()));
        }
    }

    /** Every write of an entry to its client: refused unless the request's admin may make it. */
    private static void write(KeycloakSession session, RealmModel realm, ClientModel client, Map<PolicyField, Optional<String>> overrides) {
        ClientOverridesAccess.requireManage(session, realm, client, overrides);
        RefreshTokenPolicySettings.updateClient(session, client, overrides);
    }

    private static Map<PolicyField, Optional<String>> overrides(ComponentModel model) {
        return ConsoleForms.changes(model, PolicyField.clientOverridableFields());
    }

    @Override
    public void init(Config.Scope config) {
    }

    /** Entries follow writes made elsewhere through {@link ConsoleEvents}, registered by the realm tab. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
