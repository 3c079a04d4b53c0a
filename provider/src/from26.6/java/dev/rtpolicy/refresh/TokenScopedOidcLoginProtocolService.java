package dev.rtpolicy.refresh;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.UserInfoEndpoint;
import org.keycloak.representations.AccessToken;

/** Keycloak's OIDC endpoints; userinfo computes claims from the scopes its bearer token names. */
public final class TokenScopedOidcLoginProtocolService extends OIDCLoginProtocolService {

    private final KeycloakSession session;

    TokenScopedOidcLoginProtocolService(KeycloakSession session, EventBuilder event) {
        super(session, event);
        this.session = session;
    }

    @Override
    public Object issueUserInfo() {
        return new UserInfoEndpoint(session, new TokenScopedTokenManager());
    }

    /** Keycloak's token manager, with userinfo as {@link UserInfoScope} has it. */
    static final class TokenScopedTokenManager extends TokenManager {

        @Override
        public AccessToken transformUserInfoAccessToken(KeycloakSession session, AccessToken bearerToken, AccessToken userInfo,
                                                        UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
            return super.transformUserInfoAccessToken(session, bearerToken, userInfo, userSession,
                    UserInfoScope.of(session, bearerToken, userSession, clientSessionCtx));
        }
    }
}
