package dev.rtpolicy.refresh;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;

/** Writes a rotation once its successor has gone out ({@link SuccessorDeliveryListener}). */
public final class SuccessorDeliveryListenerFactory extends GlobalEventListenerFactory {

    public static final String PROVIDER_ID = "refresh-token-policy-successor-delivery";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new SuccessorDeliveryListener(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
