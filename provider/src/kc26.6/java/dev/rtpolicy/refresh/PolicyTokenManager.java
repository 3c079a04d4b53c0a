package dev.rtpolicy.refresh;

import static org.keycloak.OAuth2Constants.ORGANIZATION;
import static org.keycloak.models.Constants.AUTHORIZATION_DETAILS_RESPONSE;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.ErrorResponseException;

/**
 * The policy's token manager on Keycloak 26.6: its 11-argument refresh (RFC 8707 {@code resource}), the 7-argument
 * access token, and what 26.6's stock refresh adds (TokenManager 26.6.4): the selected-organization check, the
 * resource and {@code authorization_details} carried into the new response, the request's refresh token for token
 * post-processors.
 */
public final class PolicyTokenManager extends LegacyTokenManager {

    @Override
    public AccessTokenResponseBuilder refreshAccessToken(KeycloakSession session, UriInfo uriInfo, ClientConnection connection, RealmModel realm,
                                                         ClientModel authorizedClient, String encodedRefreshToken, EventBuilder event, HttpHeaders headers,
                                                         HttpRequest request, String scopeParameter, String resourceParameter) throws OAuthErrorException {
        return refresh(session, connection, realm, authorizedClient, encodedRefreshToken, event, headers, request, scopeParameter, resourceParameter);
    }

    @Override
    AccessToken createAccessToken(KeycloakSession session, RealmModel realm, ClientModel client, UserModel user, UserSessionModel userSession,
                                  ClientSessionContext clientSessionCtx) {
        return createClientAccessToken(session, realm, client, user, userSession, clientSessionCtx, userSession.isOffline());
    }

    /** Stock's private {@code validateSelectedOrganization} of 26.6.4: a token naming one organization needs it enabled and the user a member. */
    @Override
    void checkSelectedOrganization(KeycloakSession session, RefreshToken oldRefreshToken, UserModel user) {
        if (!Organizations.isEnabled(session)) {
            return;
        }
        List<String> aliases = organizationAliases(oldRefreshToken.getOtherClaims().get(ORGANIZATION));
        if (aliases.size() != 1) {
            return;
        }
        OrganizationModel organization = Organizations.getProvider(session).getByAlias(aliases.get(0));
        if (organization == null || !organization.isEnabled() || !organization.isMember(user)) {
            throw new ErrorResponseException(OAuthErrorException.INVALID_GRANT, "Invalid organization", Response.Status.BAD_REQUEST);
        }
        session.getContext().setOrganization(organization);
    }

    /** The token's {@code organization} claim as stock 26.6.4 reads it: one alias, a list of them, or a map keyed by them. */
    static List<String> organizationAliases(Object claim) {
        if (claim instanceof String alias) {
            return List.of(alias);
        }
        if (claim instanceof Collection<?> aliases) {
            return aliases.stream().map(String::valueOf).toList();
        }
        if (claim instanceof Map<?, ?> byAlias) {
            return byAlias.keySet().stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    @Override
    void carryOver(ClientSessionContext clientSessionCtx, AccessToken newToken, RefreshToken oldRefreshToken, String resourceParameter) {
        clientSessionCtx.setAttribute(OAuth2Constants.RESOURCE, resourceParameter);
        List<AuthorizationDetailsJSONRepresentation> authorizationDetails = oldRefreshToken.getAuthorizationDetails();
        if (authorizationDetails != null) {
            newToken.setAuthorizationDetails(authorizationDetails);
            clientSessionCtx.setAttribute(AUTHORIZATION_DETAILS_RESPONSE, authorizationDetails);
        }
    }

    @Override
    void finish(AccessTokenResponseBuilder responseBuilder, RefreshToken oldRefreshToken) {
        responseBuilder.requestRefreshToken(oldRefreshToken);
    }
}
