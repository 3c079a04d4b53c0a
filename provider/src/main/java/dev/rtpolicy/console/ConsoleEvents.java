package dev.rtpolicy.console;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;
import org.keycloak.services.ui.extend.UiTabProvider;

import dev.rtpolicy.settings.PolicySettingsEvent;
import dev.rtpolicy.settings.RealmImports;

/**
 * What keeps the console's forms in step ({@link ConsoleMirror}): the settings' own announcement of every write (admin
 * API, console, Keycloak's {@code /components} API), and Keycloak's realm and client events for what the settings
 * never see: a realm import, client overrides written as client attributes through Keycloak's client API, a client's
 * own settings that shape its effective values, a new clientId, a removal.
 */
final class ConsoleEvents implements ProviderEventListener {

    @Override
    public void onEvent(ProviderEvent event) {
        if (!consoleEnabled(event.getKeycloakSession())) {
            return;
        }
        if (event instanceof PolicySettingsEvent settings) {
            onSettingsEvent(settings);
        } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
            ConsoleMirror.realmCreated(created.getKeycloakSession(), created.getCreatedRealm());
        } else if (event instanceof ClientModel.ClientUpdatedEvent updated) {
            // also fired for every client a realm import creates: that realm's components (an imported entry among
            // them) are not there yet, so its entries are made once the import is complete
            ClientModel client = updated.getUpdatedClient();
            if (!RealmImports.isBeingCreated(updated.getKeycloakSession(), client.getRealm())) {
                ConsoleMirror.clientChanged(updated.getKeycloakSession(), client.getRealm(), client);
            }
        } else if (event instanceof ClientModel.ClientIdChangeEvent renamed) {
            ConsoleMirror.clientRenamed(renamed.getKeycloakSession(), renamed.getUpdatedClient().getRealm(), renamed.getPreviousClientId(),
                    renamed.getNewClientId());
        } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
            ConsoleMirror.clientRemoved(removed.getKeycloakSession(), removed.getClient());
        }
    }

    private static void onSettingsEvent(PolicySettingsEvent event) {
        if (event instanceof PolicySettingsEvent.RealmChanged changed) {
            ConsoleMirror.realmSettingsChanged(changed.session(), changed.realm());
        } else if (event instanceof PolicySettingsEvent.ClientChanged changed) {
            ConsoleMirror.clientChanged(changed.session(), changed.realm(), changed.client());
        } else if (event instanceof PolicySettingsEvent.ClientCleared cleared) {
            ConsoleMirror.clientCleared(cleared.session(), cleared.realm(), cleared.client());
        }
    }

    /** Where the declarative UI is off, the forms' component types are unknown to Keycloak and must not be touched. */
    private static boolean consoleEnabled(KeycloakSession session) {
        return session != null
                && session.getKeycloakSessionFactory().getProviderFactory(UiTabProvider.class, RealmSettingsTabFactory.PROVIDER_ID) != null;
    }
}
