package dev.rtpolicy.refresh;

import java.util.Set;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.util.DefaultClientSessionContext;

/** Keycloak 26.4's signatures of the calls whose shape differs between lines. */
final class KeycloakLine {

    private KeycloakLine() {
    }

    static ClientSessionContext clientSessionContext(AuthenticatedClientSessionModel clientSession, Set<ClientScopeModel> scopes, KeycloakSession session) {
        return DefaultClientSessionContext.fromClientSessionAndClientScopes(clientSession, scopes, session);
    }

    /** 26.4's transform has no parameter for the token itself: the mappers see only its stored claims. */
    static AccessToken transformIntrospectionAccessToken(TokenManager tokenManager, KeycloakSession session, AccessToken token, AccessToken storedClaims,
                                                         UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        return tokenManager.transformIntrospectionAccessToken(session, storedClaims, userSession, clientSessionCtx);
    }

    /** The CORS headers Keycloak's userinfo endpoint gives an answer about this client's token. */
    static Cors userInfoCors(KeycloakSession session, ClientModel client) {
        return Cors.builder().auth().allowedMethods(session.getContext().getHttpRequest().getHttpMethod()).auth()
                .exposedHeaders(Cors.ACCESS_CONTROL_ALLOW_METHODS).allowedOrigins(session, client);
    }
}
