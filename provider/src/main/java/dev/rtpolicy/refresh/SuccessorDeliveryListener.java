package dev.rtpolicy.refresh;

import java.util.Set;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;

/**
 * Settles a rotation of this request when the refresh grant sends its event, where the extension's grant does not
 * ({@link SuccessorDelivery}, e.g. with that grant provider disabled). Keycloak sends a success event to listeners in
 * the request's own session, after the response is built and before the commit; an error event reaches listeners in
 * a session of its own, which has nothing pending.
 */
final class SuccessorDeliveryListener implements EventListenerProvider {

    private static final Set<EventType> REFRESH_GRANT_ENDS = Set.of(EventType.REFRESH_TOKEN, EventType.REFRESH_TOKEN_ERROR);

    private final KeycloakSession session;

    SuccessorDeliveryListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (REFRESH_GRANT_ENDS.contains(event.getType())) {
            SuccessorDelivery.settleAtEvent(session, event);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
