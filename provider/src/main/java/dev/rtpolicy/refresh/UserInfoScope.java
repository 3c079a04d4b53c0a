package dev.rtpolicy.refresh;

import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.utils.OAuth2Error;

/**
 * What userinfo does differently on every line, where Keycloak's {@code UserInfoEndpoint} hands its token manager the
 * session it found: a session that has ended is refused even where the cache still holds it ({@link StoredSession}),
 * and the claims are those of the scopes the bearer token names.
 */
final class UserInfoScope {

    private UserInfoScope() {
    }

    /** The context userinfo's mappers run in; RFC 6750 §3.1 {@code invalid_token} for a session that has ended. */
    static ClientSessionContext of(KeycloakSession session, AccessToken bearerToken, UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        if (StoredSession.isGhost(session, userSession, clientSessionCtx.getClientSession())) {
            new EventBuilder(userSession.getRealm(), session, session.getContext().getConnection())
                    .event(EventType.USER_INFO_REQUEST)
                    .client(clientSessionCtx.getClientSession().getClient())
                    .session(userSession.getId())
                    .detail(Details.REASON, RefreshFlow.SESSION_ENDED_DESCRIPTION)
                    .error(Errors.USER_SESSION_NOT_FOUND);
            throw new OAuth2Error().json(false).session(session).realm(userSession.getRealm())
                    .cors(KeycloakLine.userInfoCors(session, clientSessionCtx.getClientSession().getClient()))
                    .invalidToken(RefreshFlow.SESSION_ENDED_DESCRIPTION);
        }
        return bearerToken == null ? clientSessionCtx
                : NarrowedClientSessionContext.ofToken(clientSessionCtx.getClientSession(), bearerToken.getScope(), session);
    }
}
