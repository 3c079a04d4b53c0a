package dev.rtpolicy.console;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.ForbiddenException;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.rtpolicy.settings.PolicyField;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * The per-client page's entries hold client overrides, so they need the roles of our admin API's client endpoints,
 * however they are reached: {@code manage-clients} to change a client's overrides, {@code view-clients} to read them
 * (precisely {@code requireManage(client)} / {@code canView()}, so fine-grained client permissions apply too).
 */
final class ClientOverridesAccess {

    private static final Logger LOG = Logger.getLogger(ClientOverridesAccess.class);

    private ClientOverridesAccess() {
    }

    /**
     * Before an entry writes {@code changes} to the client: a write that would change the client's overrides needs the
     * request's admin to manage the client. A write that changes nothing (an entry refreshed with its effective values
     * after a realm change, an import matching the client's attributes) needs nothing more than the endpoint asked.
     *
     * @throws ForbiddenException as our admin API's {@code PUT …/clients/{id}} answers the same admin
     */
    static void requireManage(KeycloakSession session, RealmModel realm, ClientModel client, Map<PolicyField, Optional<String>> changes) {
        RefreshTokenPolicySettings current = RefreshTokenPolicySettings.of(realm, client);
        if (current.clientJson().equals(current.withClientChanges(changes).clientJson())) {
            return;
        }
        AdminCaller.of(session, realm).ifPresent(auth -> {
            if (!auth.clients().canManage(client)) {
                LOG.debugf("refused a console write to the overrides of client %s in realm %s: the admin may not manage the client",
                        client.getClientId(), realm.getName());
                throw new ForbiddenException();
            }
        });
    }

    /**
     * Whether the current request's admin may read every client's overrides. A component has no per-entry hook on
     * reading, so an admin who may not view all clients (view-realm only, or fine-grained permissions on some clients)
     * sees every entry masked and reads the overrides through our admin API.
     * <p>
     * Fails closed: masked for a bearer token that names no admin, and on any failure of the evaluation, since
     * Keycloak's {@code GET /components} answers a failing representation with the component's unmasked config.
     */
    static boolean currentAdminMayViewAllClients() {
        try {
            return AdminCaller.current().map(auth -> auth.clients().canView()).orElse(true);
        } catch (RuntimeException e) {
            LOG.debugf("console entries masked: the admin's permissions could not be evaluated (%s)", e.getClass().getName());
            return false;
        }
    }
}
