package dev.rtpolicy.refresh;

import org.keycloak.OAuthErrorException;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * What Keycloak itself does for a refresh, as {@link RefreshFlow} needs it done: each line's adapter implements it
 * with that line's {@code TokenManager} (the refresh-token SPI from 26.7, stock's {@code refreshAccessToken} steps
 * before).
 */
interface RefreshSteps {

    /** The token's user and client sessions, checked as Keycloak checks them; mints no access token. */
    Validated validate(RefreshToken oldRefreshToken) throws OAuthErrorException;

    /** Keycloak's checks that the grant still stands: the selected organization (where the line has one), consent. */
    void checkStillAuthorized(RefreshToken oldRefreshToken, UserModel user, ClientModel client, Validated validated, String effectiveScope)
            throws OAuthErrorException;

    AccessToken createAccessToken(RealmModel realm, ClientModel client, UserModel user, UserSessionModel userSession, ClientSessionContext clientSessionCtx);

    /** The response builder for {@code newToken}, with what the line carries over from the old token besides its claims. */
    TokenManager.AccessTokenResponseBuilder responseBuilder(RealmModel realm, ClientModel client, UserSessionModel userSession,
                                                           ClientSessionContext clientSessionCtx, AccessToken newToken, RefreshToken oldRefreshToken);

    /** What Keycloak does once the response is built, where the line does it inside the refresh (not in the grant). */
    void finish(TokenManager.AccessTokenResponseBuilder responseBuilder, RefreshToken oldRefreshToken);

    ClientConnection connection();

    HttpHeaders headers();

    record Validated(UserModel user, UserSessionModel userSession, ClientSessionContext clientSessionCtx) {

        AuthenticatedClientSessionModel clientSession() {
            return clientSessionCtx.getClientSession();
        }
    }
}
