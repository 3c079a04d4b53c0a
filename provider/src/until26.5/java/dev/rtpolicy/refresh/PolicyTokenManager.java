package dev.rtpolicy.refresh;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;

/** The policy's token manager on Keycloak 26.4 and 26.5: their 10-argument refresh, no organization check on refresh. */
public final class PolicyTokenManager extends LegacyTokenManager {

    @Override
    public AccessTokenResponseBuilder refreshAccessToken(KeycloakSession session, UriInfo uriInfo, ClientConnection connection, RealmModel realm,
                                                         ClientModel authorizedClient, String encodedRefreshToken, EventBuilder event, HttpHeaders headers,
                                                         HttpRequest request, String scopeParameter) throws OAuthErrorException {
        return refresh(session, connection, realm, authorizedClient, encodedRefreshToken, event, headers, request, scopeParameter, null);
    }

    @Override
    AccessToken createAccessToken(KeycloakSession session, RealmModel realm, ClientModel client, UserModel user, UserSessionModel userSession,
                                  ClientSessionContext clientSessionCtx) {
        return createClientAccessToken(session, realm, client, user, userSession, clientSessionCtx);
    }

    @Override
    void checkSelectedOrganization(KeycloakSession session, RefreshToken oldRefreshToken, UserModel user) {
    }

    @Override
    void carryOver(ClientSessionContext clientSessionCtx, AccessToken newToken, RefreshToken oldRefreshToken, String resourceParameter) {
    }

    @Override
    void finish(AccessTokenResponseBuilder responseBuilder, RefreshToken oldRefreshToken) {
    }
}
