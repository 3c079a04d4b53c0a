package dev.rtpolicy.refresh;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.OAuth2Constants;
import org.keycloak.http.HttpRequest;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;

/**
 * Keycloak's token manager, with userinfo as {@link UserInfoScope} has it. Before
 * 26.6 Keycloak does not pass the bearer token to the mappers, so it is read again from the request, where
 * {@code UserInfoEndpoint} found it (header, else form field) and has verified it by the time the mappers run.
 */
final class TokenScopedTokenManager extends TokenManager {

    @Override
    public AccessToken transformUserInfoAccessToken(KeycloakSession session, AccessToken userInfo, UserSessionModel userSession,
                                                    ClientSessionContext clientSessionCtx) {
        return super.transformUserInfoAccessToken(session, userInfo, userSession,
                UserInfoScope.of(session, bearerToken(session), userSession, clientSessionCtx));
    }

    private static AccessToken bearerToken(KeycloakSession session) {
        String encoded = encodedBearerToken(session.getContext().getHttpRequest());
        if (encoded == null) {
            return null;
        }
        try {
            // already verified by UserInfoEndpoint: only its claims are read here
            return new JWSInput(encoded).readJsonContent(AccessToken.class);
        } catch (JWSInputException e) {
            return null;
        }
    }

    private static String encodedBearerToken(HttpRequest request) {
        AppAuthManager.AuthHeader header = AppAuthManager.extractAuthorizationHeaderTokenOrReturnNull(request.getHttpHeaders());
        if (header != null) {
            return header.getToken();
        }
        String contentType = request.getHttpHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(MediaType.valueOf(contentType))) {
            return null;
        }
        return request.getDecodedFormParameters().getFirst(OAuth2Constants.ACCESS_TOKEN);
    }
}
