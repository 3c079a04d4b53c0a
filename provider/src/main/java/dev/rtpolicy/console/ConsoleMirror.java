package dev.rtpolicy.console;

import java.util.HashMap;
import java.util.Optional;
import java.util.stream.Stream;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiTabProvider;

import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Keeps the console's forms in step with the stored settings, so that a reload shows what the API and the token
 * endpoint use: the realm tab's form component, and one per-client page entry per client with overrides. Does
 * nothing where the declarative UI is off (its component types are then unknown to Keycloak and must not be touched).
 * Writes only when a form would change, so the forms' own save hooks, which write back the same values, end the chain.
 */
public final class ConsoleMirror {

    /** Session attribute (this request only) marking an entry that goes with its client. */
    private static final String REMOVED_WITH_CLIENT = "rtp.console.removed-with-client.";

    private ConsoleMirror() {
    }

    /**
     * After a change through the admin API, and when a realm was created or imported: the tab's form shows the
     * stored settings (created when the console never saved it), and every entry's effective values follow.
     */
    public static void realmSettingsChanged(KeycloakSession session, RealmModel realm) {
        if (!consoleEnabled(session)) {
            return;
        }
        Optional<ComponentModel> tab = findTab(realm);
        ComponentModel updated = tab.map(ComponentModel::new).orElseGet(() -> newForm(realm, UiTabProvider.class, RealmSettingsTabFactory.PROVIDER_ID));
        RefreshTokenPolicySettings.of(realm).realmJson().forEach((key, value) -> updated.getConfig().putSingle(key, String.valueOf(value)));
        if (tab.isPresent()) {
            updateIfChanged(realm, tab.get(), updated);
        } else {
            realm.addComponentModel(updated);
        }
        realmSettingsChangedInTab(realm);
    }

    /** After the tab saved a change: the entries' effective values. */
    static void realmSettingsChangedInTab(RealmModel realm) {
        entries(realm).toList().forEach(entry -> {
            ClientModel client = realm.getClientByClientId(entry.get(ClientOverridesPageFactory.CLIENT));
            if (client != null) {
                refresh(realm, entry, client);
            }
        });
    }

    /** After the admin API set a client's overrides: its entry shows them (created when it has overrides). */
    public static void clientOverridesChanged(KeycloakSession session, RealmModel realm, ClientModel client) {
        if (!consoleEnabled(session)) {
            return;
        }
        Optional<ComponentModel> entry = findEntry(realm, client.getClientId());
        if (entry.isPresent()) {
            refresh(realm, entry.get(), client);
            return;
        }
        RefreshTokenPolicySettings settings = RefreshTokenPolicySettings.of(realm, client);
        if (settings.hasClientOverrides()) {
            ComponentModel created = newForm(realm, UiPageProvider.class, ClientOverridesPageFactory.PROVIDER_ID);
            created.setName(client.getClientId());
            created.getConfig().putSingle(ClientOverridesPageFactory.CLIENT, client.getClientId());
            ConsoleForms.putClientOverrides(created, settings);
            realm.addComponentModel(created);
        }
    }

    /** After the admin API cleared a client's overrides: its entry goes. */
    public static void clientOverridesCleared(KeycloakSession session, RealmModel realm, ClientModel client) {
        if (consoleEnabled(session)) {
            findEntry(realm, client.getClientId()).ifPresent(realm::removeComponent);
        }
    }

    /** A realm created or imported: its tab shows its settings from the start. */
    static void onRealmEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            realmSettingsChanged(created.getKeycloakSession(), created.getCreatedRealm());
        }
    }

    /** Keycloak's own client changes: settings that shape the effective values, a new clientId, removal. */
    static void onClientEvent(ProviderEvent event) {
        if (event instanceof ClientModel.ClientUpdatedEvent updated) {
            ClientModel client = updated.getUpdatedClient();
            findEntry(client.getRealm(), client.getClientId()).ifPresent(entry -> refresh(client.getRealm(), entry, client));
        } else if (event instanceof ClientModel.ClientIdChangeEvent renamed) {
            RealmModel realm = renamed.getUpdatedClient().getRealm();
            findEntry(realm, renamed.getPreviousClientId()).ifPresent(entry -> {
                ComponentModel moved = new ComponentModel(entry);
                moved.getConfig().putSingle(ClientOverridesPageFactory.CLIENT, renamed.getNewClientId());
                moved.setName(renamed.getNewClientId());
                realm.updateComponent(moved);
            });
        } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
            ClientModel client = removed.getClient();
            findEntry(client.getRealm(), client.getClientId()).ifPresent(entry -> {
                removed.getKeycloakSession().setAttribute(REMOVED_WITH_CLIENT + entry.getId(), Boolean.TRUE);
                client.getRealm().removeComponent(entry);
            });
        }
    }

    /** Whether this request removes the entry because it removes the entry's client (see {@link #onClientEvent}). */
    static boolean isRemovedWithItsClient(KeycloakSession session, ComponentModel entry) {
        return session.getAttribute(REMOVED_WITH_CLIENT + entry.getId()) != null;
    }

    static Optional<ComponentModel> findTab(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(c -> RealmSettingsTabFactory.PROVIDER_ID.equals(c.getProviderId()))
                .findFirst();
    }

    static Optional<ComponentModel> findEntry(RealmModel realm, String clientId) {
        return entries(realm).filter(c -> clientId.equals(c.get(ClientOverridesPageFactory.CLIENT))).findFirst();
    }

    private static Stream<ComponentModel> entries(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> ClientOverridesPageFactory.PROVIDER_ID.equals(c.getProviderId()));
    }

    private static ComponentModel newForm(RealmModel realm, Class<?> providerType, String providerId) {
        ComponentModel form = new ComponentModel();
        form.setName(providerId);
        form.setProviderId(providerId);
        form.setProviderType(providerType.getName());
        form.setParentId(realm.getId());
        return form;
    }

    private static void refresh(RealmModel realm, ComponentModel entry, ClientModel client) {
        RefreshTokenPolicySettings settings = RefreshTokenPolicySettings.of(realm, client);
        ComponentModel updated = new ComponentModel(entry);
        ConsoleForms.putClientOverrides(updated, settings);
        updated.getConfig().putSingle(ClientOverridesPageFactory.EFFECTIVE, ConsoleForms.describeEffective(settings));
        updateIfChanged(realm, entry, updated);
    }

    private static void updateIfChanged(RealmModel realm, ComponentModel stored, ComponentModel updated) {
        if (!new HashMap<>(stored.getConfig()).equals(new HashMap<>(updated.getConfig()))) {
            realm.updateComponent(updated);
        }
    }

    private static boolean consoleEnabled(KeycloakSession session) {
        return session.getKeycloakSessionFactory().getProviderFactory(UiTabProvider.class, RealmSettingsTabFactory.PROVIDER_ID) != null;
    }
}
