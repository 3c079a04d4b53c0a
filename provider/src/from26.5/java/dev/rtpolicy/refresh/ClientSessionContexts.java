package dev.rtpolicy.refresh;

import java.util.Set;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.util.DefaultClientSessionContext;

/** Keycloak 26.5 and newer: the client-session context from given scopes (4 arguments; no requested scope names). */
final class ClientSessionContexts {

    private ClientSessionContexts() {
    }

    static ClientSessionContext of(AuthenticatedClientSessionModel clientSession, Set<ClientScopeModel> scopes, KeycloakSession session) {
        return DefaultClientSessionContext.fromClientSessionAndClientScopes(clientSession, scopes, null, session);
    }
}
