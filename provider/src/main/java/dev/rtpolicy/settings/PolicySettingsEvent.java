package dev.rtpolicy.settings;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Announced on the session factory by {@link RefreshTokenPolicySettings} after each write of stored settings, inside the
 * writing request (same session and transaction), whichever path wrote: the admin API, the console, or Keycloak's own
 * {@code /components} API for the realm's {@link PolicyStore}. Listeners read the new values through the settings.
 */
public sealed interface PolicySettingsEvent extends ProviderEvent {

    KeycloakSession session();

    RealmModel realm();

    @Override
    default KeycloakSession getKeycloakSession() {
        return session();
    }

    /** The realm's settings changed. */
    record RealmChanged(KeycloakSession session, RealmModel realm) implements PolicySettingsEvent {
    }

    /** A client's overrides or its refresh-token grant changed. */
    record ClientChanged(KeycloakSession session, RealmModel realm, ClientModel client) implements PolicySettingsEvent {
    }

    /** Every override of a client was removed: it inherits the realm's settings again. */
    record ClientCleared(KeycloakSession session, RealmModel realm, ClientModel client) implements PolicySettingsEvent {
    }
}
