package dev.rtpolicy.refresh;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;

/** Undoes a rotation whose successor the response did not carry ({@link UndeliveredSuccessorListener}). */
public final class UndeliveredSuccessorListenerFactory extends GlobalEventListenerFactory {

    public static final String PROVIDER_ID = "refresh-token-policy-undelivered-successor";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new UndeliveredSuccessorListener(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
