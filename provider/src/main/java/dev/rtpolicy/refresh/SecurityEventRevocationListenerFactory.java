package dev.rtpolicy.refresh;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Global: it serves every realm without appearing in (or needing) a realm's event-listener configuration. */
public final class SecurityEventRevocationListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "refresh-token-policy-security-event-revocation";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new SecurityEventRevocationListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
