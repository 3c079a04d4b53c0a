package dev.rtpolicy.refresh;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.cors.Cors;

/** Keycloak 26.4 and 26.5: the token transforms have no bearer token (4 arguments); CORS checks allowed origins by {@code allowedOrigins}. */
final class KeycloakLine {

    private KeycloakLine() {
    }

    /** Before 26.6 the transform has no parameter for the token itself: the mappers see only its stored claims. */
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
