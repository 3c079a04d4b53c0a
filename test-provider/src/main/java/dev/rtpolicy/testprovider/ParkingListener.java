package dev.rtpolicy.testprovider;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Parks a session-ending request at its most dangerous point: after Keycloak removed the session from the cache and
 * ran its database delete, before that delete commits. Keycloak sends the request's events before its commit; the
 * park is enlisted then, as a prepare step after the session store's own (Keycloak 26.5 and newer; on older lines
 * the session store does all its work after the commit, so the park comes before it).
 */
final class ParkingListener implements EventListenerProvider {

    private final KeycloakSession session;

    ParkingListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        parkIfArmed(event.getRealmId(), event.getType().name());
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        parkIfArmed(event.getRealmId(), Parking.ADMIN_EVENT);
    }

    private void parkIfArmed(String realmId, String eventType) {
        Parking parking = new Parking(session, realmId);
        if (!Boolean.getBoolean(TestResource.ENABLED) || !parking.claim(eventType)) {
            return;
        }
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                parking.park();
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    @Override
    public void close() {
    }
}
