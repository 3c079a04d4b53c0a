package dev.rtpolicy.console;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;

import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Copies the realm settings into the console's form component after a change through the admin API, so a reload
 * of the "Refresh tokens" tab shows them. Does nothing where the console never saved the tab, or where the
 * declarative UI is off (its component type is then unknown to Keycloak and must not be touched).
 */
public final class ConsoleMirror {

    private ConsoleMirror() {
    }

    public static void realmSettingsChanged(KeycloakSession session, RealmModel realm) {
        if (session.getKeycloakSessionFactory().getProviderFactory(UiTabProvider.class, RealmSettingsTabFactory.PROVIDER_ID) == null) {
            return;
        }
        ComponentModel tab = realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(c -> RealmSettingsTabFactory.PROVIDER_ID.equals(c.getProviderId()))
                .findFirst().orElse(null);
        if (tab == null) {
            return;
        }
        RefreshTokenPolicySettings.of(realm).realmJson().forEach((key, value) -> tab.getConfig().putSingle(key, String.valueOf(value)));
        // the tab's onUpdate writes the same values back: no change, so no further mirroring
        realm.updateComponent(tab);
    }
}
