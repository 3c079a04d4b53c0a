package dev.rtpolicy.refresh;

import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;

/**
 * Makes revocations (RFC 7009) and logouts wait for a refresh of the same user session that is in flight, before
 * their removal commits. Keycloak sends these events inside the request, after the removal and before the commit;
 * the lock is released after the commit.
 */
final class SessionEndLockListener implements EventListenerProvider {

    private static final Logger logger = Logger.getLogger(SessionEndLockListener.class);
    private static final Set<EventType> SESSION_ENDING = Set.of(EventType.REVOKE_GRANT, EventType.LOGOUT);

    private final KeycloakSession session;

    SessionEndLockListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (!SESSION_ENDING.contains(event.getType()) || event.getSessionId() == null) {
            return;
        }
        if (event.getType() == EventType.REVOKE_GRANT && (event.getDetails() == null || !event.getDetails().containsKey(Details.REFRESH_TOKEN_TYPE))) {
            return;
        }
        if (!UserSessionRefreshLock.tryAcquire(session, event.getSessionId())) {
            logger.warnf("%s of a session in realm %s went ahead without the refresh lock", event.getType(), event.getRealmName());
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}
