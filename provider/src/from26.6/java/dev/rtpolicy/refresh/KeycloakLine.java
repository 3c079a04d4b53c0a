package dev.rtpolicy.refresh;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.cors.Cors;

/** Keycloak 26.6 and newer: the token transforms take the bearer token (5 arguments); CORS checks allowed origins by {@code checkAllowedOrigins}. */
final class KeycloakLine {

    private KeycloakLine() {
    }

    static AccessToken transformIntrospectionAccessToken(TokenManager tokenManager, KeycloakSession session, AccessToken token, AccessToken storedClaims,
                                                         UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        return tokenManager.transformIntrospectionAccessToken(session, token, storedClaims, userSession, clientSessionCtx);
    }

    /** The CORS headers Keycloak's userinfo endpoint gives an answer about this client's token. */
    static Cors userInfoCors(KeycloakSession session, ClientModel client) {
        return Cors.builder().auth().allowedMethods(session.getContext().getHttpRequest().getHttpMethod()).auth()
                .exposedHeaders(Cors.ACCESS_CONTROL_ALLOW_METHODS).checkAllowedOrigins(session, client);
    }
}
