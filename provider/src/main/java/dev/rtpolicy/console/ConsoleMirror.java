package dev.rtpolicy.console;

import java.util.HashMap;
import java.util.Optional;
import java.util.stream.Stream;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiTabProvider;

import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Keeps the console's forms in step with the stored settings, so that a reload shows what the API and the token
 * endpoint use: the realm tab's form component, and one per-client page entry per client with overrides. Called by
 * {@link ConsoleEvents} for every write, whichever path made it.
 * <p>
 * Writes only when a form would change, and never to a form whose own save is running (that save wrote the settings
 * and its form shows them), so the forms' save hooks end the chain. Its writes change what the forms show, never a
 * client's overrides: an entry it creates or refreshes holds the client's stored overrides, so the entry's save hook
 * has nothing to write and {@link ClientOverridesAccess} asks for no client permission.
 */
final class ConsoleMirror {

    /** Session attribute (this request only) marking an entry that goes while its client's overrides stay. */
    private static final String REMOVED_WITH_CLIENT = "rtp.console.removed-with-client.";
    /** Session attribute (this request only) marking a form whose own save hook is running. */
    private static final String SAVING = "rtp.console.saving.";

    private ConsoleMirror() {
    }

    /** The realm's settings changed: the tab's form shows them, and every entry's effective values follow. */
    static void realmSettingsChanged(KeycloakSession session, RealmModel realm) {
        showRealmSettings(session, realm);
        entries(realm).toList().forEach(entry -> {
            ClientModel client = realm.getClientByClientId(entry.get(ClientOverridesPageFactory.CLIENT));
            if (client != null && !isBeingSaved(session, entry)) {
                refresh(realm, entry, client);
            }
        });
    }

    /** A realm was created or imported: its tab shows its settings, and every client with overrides has its entry. */
    static void realmCreated(KeycloakSession session, RealmModel realm) {
        showRealmSettings(session, realm);
        realm.getClientsStream().toList().forEach(client -> clientChanged(session, realm, client));
    }

    /** A client's overrides or settings changed: its entry shows them (created when the client has overrides). */
    static void clientChanged(KeycloakSession session, RealmModel realm, ClientModel client) {
        Optional<ComponentModel> entry = findEntry(realm, client.getClientId());
        if (entry.isPresent()) {
            if (!isBeingSaved(session, entry.get())) {
                refresh(realm, entry.get(), client);
            }
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

    /** Every override of a client was removed: its entry goes. */
    static void clientCleared(KeycloakSession session, RealmModel realm, ClientModel client) {
        findEntry(realm, client.getClientId()).filter(entry -> !isBeingSaved(session, entry)).ifPresent(realm::removeComponent);
    }

    /**
     * A client got a new clientId: its entry follows. Keycloak announced the update under the new clientId first, so a
     * client with overrides has its entry under that name already, and the one under the old name goes.
     */
    static void clientRenamed(KeycloakSession session, RealmModel realm, String previousClientId, String newClientId) {
        Optional<ComponentModel> previous = findEntry(realm, previousClientId);
        if (previous.isPresent() && findEntry(realm, newClientId).isPresent()) {
            removeLeavingTheClient(session, realm, previous.get());
            return;
        }
        previous.ifPresent(entry -> {
            ComponentModel moved = new ComponentModel(entry);
            moved.getConfig().putSingle(ClientOverridesPageFactory.CLIENT, newClientId);
            moved.setName(newClientId);
            realm.updateComponent(moved);
        });
    }

    /** A client is being removed: its entry goes with it, leaving the overrides to go with the client. */
    static void clientRemoved(KeycloakSession session, ClientModel client) {
        findEntry(client.getRealm(), client.getClientId()).ifPresent(entry -> removeLeavingTheClient(session, client.getRealm(), entry));
    }

    /** Whether this request removes the entry without touching its client's overrides (see {@link #clientRemoved}). */
    static boolean isRemovedWithItsClient(KeycloakSession session, ComponentModel entry) {
        return session.getAttribute(REMOVED_WITH_CLIENT + entry.getId()) != null;
    }

    /** Runs a form's save hook; what it writes is announced meanwhile, and the mirror leaves that form alone. */
    static void whileSaving(KeycloakSession session, ComponentModel form, Runnable save) {
        String key = SAVING + form.getId();
        session.setAttribute(key, Boolean.TRUE);
        try {
            save.run();
        } finally {
            session.removeAttribute(key);
        }
    }

    static Optional<ComponentModel> findTab(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(c -> RealmSettingsTabFactory.PROVIDER_ID.equals(c.getProviderId()))
                .findFirst();
    }

    static Optional<ComponentModel> findEntry(RealmModel realm, String clientId) {
        return entries(realm).filter(c -> clientId.equals(c.get(ClientOverridesPageFactory.CLIENT))).findFirst();
    }

    /** The tab's form shows the stored settings (created when the console never saved it). */
    private static void showRealmSettings(KeycloakSession session, RealmModel realm) {
        Optional<ComponentModel> tab = findTab(realm);
        if (tab.isPresent() && isBeingSaved(session, tab.get())) {
            return;
        }
        ComponentModel updated = tab.map(ComponentModel::new).orElseGet(() -> newForm(realm, UiTabProvider.class, RealmSettingsTabFactory.PROVIDER_ID));
        RefreshTokenPolicySettings.of(realm).realmJson().forEach((key, value) -> updated.getConfig().putSingle(key, String.valueOf(value)));
        if (tab.isPresent()) {
            updateIfChanged(realm, tab.get(), updated);
        } else {
            realm.addComponentModel(updated);
        }
    }

    private static void removeLeavingTheClient(KeycloakSession session, RealmModel realm, ComponentModel entry) {
        session.setAttribute(REMOVED_WITH_CLIENT + entry.getId(), Boolean.TRUE);
        realm.removeComponent(entry);
    }

    private static Stream<ComponentModel> entries(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> ClientOverridesPageFactory.PROVIDER_ID.equals(c.getProviderId()));
    }

    private static boolean isBeingSaved(KeycloakSession session, ComponentModel form) {
        return session.getAttribute(SAVING + form.getId()) != null;
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
}
