package dev.rtpolicy.refresh;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSessionFactory;

/** Global: serves every realm without appearing in (or needing) a realm's event-listener configuration. */
abstract class GlobalEventListenerFactory implements EventListenerProviderFactory {

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
}
