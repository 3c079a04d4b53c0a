package dev.rtpolicy.refresh;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;

/** Revokes a user's refresh-token families on the security events the realm chose ({@link SecurityEventRevocationListener}). */
public final class SecurityEventRevocationListenerFactory extends GlobalEventListenerFactory {

    public static final String PROVIDER_ID = "refresh-token-policy-security-event-revocation";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new SecurityEventRevocationListener(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
