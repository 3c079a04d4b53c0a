package dev.rtpolicy.refresh;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;

/** Keycloak's token manager, with userinfo as {@link UserInfoScope} has it. */
final class TokenScopedTokenManager extends TokenManager {

    @Override
    public AccessToken transformUserInfoAccessToken(KeycloakSession session, AccessToken bearerToken, AccessToken userInfo,
                                                    UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        return super.transformUserInfoAccessToken(session, bearerToken, userInfo, userSession,
                UserInfoScope.of(session, bearerToken, userSession, clientSessionCtx));
    }
}
