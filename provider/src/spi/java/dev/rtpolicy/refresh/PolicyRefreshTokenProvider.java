package dev.rtpolicy.refresh;

import java.util.List;

import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.representations.RefreshToken;

import jakarta.ws.rs.core.HttpHeaders;

import static org.keycloak.models.Constants.AUTHORIZATION_DETAILS_RESPONSE;

/**
 * The policy on Keycloak's {@code refresh-token} SPI (26.7 and newer): Keycloak hands every minting and every
 * refresh to this provider, which runs {@link IssuanceFlow} and {@link RefreshFlow} with the 26.7 steps
 * ({@code AbstractRefreshTokenProvider.refreshAccessToken}, 26.7.3) as their {@link RefreshSteps}.
 */
final class PolicyRefreshTokenProvider extends DefaultRefreshTokenProvider {

    PolicyRefreshTokenProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public RefreshToken generateRefreshToken(InitialRefreshTokenContext ctx) {
        return new IssuanceFlow(session, ctx.clientSessionCtx().getClientSession(), ctx.responseBuilder().getAccessToken()).issue(
                () -> super.generateRefreshToken(ctx),
                () -> createRefreshToken(ctx.responseBuilder().getAccessToken(), ctx.confirmation(), PolicyRefreshTokenProviderFactory.PROVIDER_ID));
    }

    @Override
    public TokenManager.AccessTokenResponseBuilder refreshAccessToken(RefreshTokenContext ctx) throws OAuthErrorException {
        return new RefreshFlow(session, new Steps(ctx)).refresh(ctx.grantContext().getRealm(), ctx.grantContext().getClient(), ctx.oldRefreshToken(),
                ctx.scopeParameter(), ctx.grantContext().getEvent());
    }

    private final class Steps implements RefreshSteps {

        private final RefreshTokenContext ctx;
        private final TokenManager tokenManager;

        Steps(RefreshTokenContext ctx) {
            this.ctx = ctx;
            this.tokenManager = ctx.tokenManager();
        }

        @Override
        public Validated validate(RefreshToken oldRefreshToken) throws OAuthErrorException {
            TokenManager.TokenValidation validation = validateToken(session, session.getContext().getUri(), connection(), ctx.grantContext().getRealm(),
                    oldRefreshToken, headers(), oldRefreshToken.getScope(), ctx.grantContext().getClient(), tokenManager, ctx.grantContext().getEvent());
            return new Validated(validation.user, validation.userSession, validation.clientSessionCtx);
        }

        @Override
        public void checkStillAuthorized(RefreshToken oldRefreshToken, UserModel user, ClientModel client, Validated validated, String effectiveScope)
                throws OAuthErrorException {
            tokenManager.validateSelectedOrganization(session, oldRefreshToken, user);
            if (!TokenManager.verifyConsentStillAvailable(session, user, client, validated.clientSession(), effectiveScope)) {
                throw new OAuthErrorException(OAuthErrorException.INVALID_SCOPE, "Client no longer has requested consent from user");
            }
        }

        @Override
        public AccessToken createAccessToken(RealmModel realm, ClientModel client, UserModel user, UserSessionModel userSession,
                                             ClientSessionContext clientSessionCtx) {
            return tokenManager.createClientAccessToken(session, realm, client, user, userSession, clientSessionCtx, userSession.isOffline());
        }

        @Override
        public TokenManager.AccessTokenResponseBuilder responseBuilder(RealmModel realm, ClientModel client, UserSessionModel userSession,
                                                                      ClientSessionContext clientSessionCtx, AccessToken newToken, RefreshToken oldRefreshToken) {
            clientSessionCtx.setAttribute(OAuth2Constants.RESOURCE, ctx.resourceParameter());
            TokenManager.AccessTokenResponseBuilder responseBuilder = tokenManager.responseBuilder(realm, client, ctx.grantContext().getEvent(), session,
                    userSession, clientSessionCtx).accessToken(newToken);
            List<AuthorizationDetailsJSONRepresentation> authorizationDetails = oldRefreshToken.getAuthorizationDetails();
            if (authorizationDetails != null) {
                newToken.setAuthorizationDetails(authorizationDetails);
                clientSessionCtx.setAttribute(AUTHORIZATION_DETAILS_RESPONSE, authorizationDetails);
            }
            return responseBuilder;
        }

        @Override
        public void finish(TokenManager.AccessTokenResponseBuilder responseBuilder, RefreshToken oldRefreshToken) {
            responseBuilder.requestRefreshToken(oldRefreshToken);
            afterRefreshTokenGenerated(ctx, responseBuilder);
        }

        @Override
        public ClientConnection connection() {
            return ctx.grantContext().getClientConnection();
        }

        @Override
        public HttpHeaders headers() {
            return ctx.grantContext().getHeaders();
        }
    }
}
