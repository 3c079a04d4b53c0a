package dev.rtpolicy.refresh;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;

/** Makes revocations and logouts wait for a refresh of the same user session in flight ({@link SessionEndLockListener}). */
public final class SessionEndLockListenerFactory extends GlobalEventListenerFactory {

    public static final String PROVIDER_ID = "refresh-token-policy-session-end-lock";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new SessionEndLockListener(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
