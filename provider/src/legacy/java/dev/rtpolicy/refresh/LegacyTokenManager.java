package dev.rtpolicy.refresh;

import java.util.Collections;
import java.util.function.Supplier;

import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.migration.migrators.MigrationUtils;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.services.util.DefaultClientSessionContext;
import org.keycloak.services.util.UserSessionUtil;
import org.keycloak.util.TokenUtil;

/**
 * The policy on Keycloak lines without the {@code refresh-token} SPI (26.4 to 26.6): the wrapped grants hand Keycloak's
 * own grant the line's {@code PolicyTokenManager} ({@code grant/LineGrantType}), whose refresh runs {@link RefreshFlow}
 * with stock's steps ({@code TokenManager.refreshAccessToken} of 26.4.7, 26.5.6, 26.6.4) and whose response builder
 * runs {@link IssuanceFlow} wherever a grant mints a refresh token. Stock's reuse check
 * ({@code validateTokenReuseForRefresh}, and 26.5's {@code refreshLock} around it) is what the flow replaces. The
 * line's subclass overrides the line's {@code refreshAccessToken} signature and supplies the few steps that differ.
 */
public abstract class LegacyTokenManager extends TokenManager {

    private static final Logger logger = Logger.getLogger(LegacyTokenManager.class);

    /** Stock's refresh up to the reuse check, then the policy; {@code resourceParameter} is RFC 8707's (26.6, else null). */
    final AccessTokenResponseBuilder refresh(KeycloakSession session, ClientConnection connection, RealmModel realm, ClientModel authorizedClient,
                                             String encodedRefreshToken, EventBuilder event, HttpHeaders headers, HttpRequest request,
                                             String scopeParameter, String resourceParameter) throws OAuthErrorException {
        RefreshToken oldRefreshToken = verifyRefreshToken(session, realm, authorizedClient, request, encodedRefreshToken, true);
        return new RefreshFlow(session, new Steps(session, connection, headers, event, resourceParameter))
                .refresh(realm, authorizedClient, oldRefreshToken, scopeParameter, event);
    }

    /** The line's access token minting ({@code createClientAccessToken}: 6 arguments before 26.6, 7 from 26.6). */
    abstract AccessToken createAccessToken(KeycloakSession session, RealmModel realm, ClientModel client, UserModel user, UserSessionModel userSession,
                                           ClientSessionContext clientSessionCtx);

    /** The line's selected-organization check on refresh (26.6: inside {@code validateToken}; none before). */
    abstract void checkSelectedOrganization(KeycloakSession session, RefreshToken oldRefreshToken, UserModel user);

    /** What the line carries from the request and the old token into the new response (26.6: resource, authorization details). */
    abstract void carryOver(ClientSessionContext clientSessionCtx, AccessToken newToken, RefreshToken oldRefreshToken, String resourceParameter);

    /** What the line does to the built response at the end of the refresh (26.6: {@code requestRefreshToken}). */
    abstract void finish(AccessTokenResponseBuilder responseBuilder, RefreshToken oldRefreshToken);

    @Override
    public AccessTokenResponseBuilder responseBuilder(RealmModel realm, ClientModel client, EventBuilder event, KeycloakSession session,
                                                      UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        return new PolicyResponseBuilder(realm, client, event, session, userSession, clientSessionCtx);
    }

    /** Keycloak's response builder; every refresh token it mints is issued by {@link IssuanceFlow}. */
    final class PolicyResponseBuilder extends AccessTokenResponseBuilder {

        private final KeycloakSession session;
        private final ClientSessionContext clientSessionCtx;

        PolicyResponseBuilder(RealmModel realm, ClientModel client, EventBuilder event, KeycloakSession session, UserSessionModel userSession,
                              ClientSessionContext clientSessionCtx) {
            super(realm, client, event, session, userSession, clientSessionCtx);
            this.session = session;
            this.clientSessionCtx = clientSessionCtx;
        }

        @Override
        public AccessTokenResponseBuilder generateRefreshToken() {
            return issue(() -> PolicyResponseBuilder.super.generateRefreshToken());
        }

        @Override
        public AccessTokenResponseBuilder generateRefreshToken(RefreshToken oldRefreshToken, AuthenticatedClientSessionModel clientSession) {
            return issue(() -> PolicyResponseBuilder.super.generateRefreshToken(oldRefreshToken, clientSession));
        }

        private AccessTokenResponseBuilder issue(Supplier<AccessTokenResponseBuilder> mint) {
            if (getAccessToken() == null) {
                throw new IllegalStateException("accessToken not set");
            }
            RefreshToken issued = new IssuanceFlow(session, clientSessionCtx.getClientSession(), getAccessToken())
                    .issue(() -> mint.get().getRefreshToken(), this::unsentToken);
            return refreshToken(issued);
        }

        /** A token with id and iat only, as Keycloak starts one (RFC 9449 §5: bound for public clients only). */
        private RefreshToken unsentToken() {
            AccessToken accessToken = getAccessToken();
            RefreshToken token = new RefreshToken(accessToken, clientSessionCtx.getClientSession().getClient().isPublicClient()
                    ? accessToken.getConfirmation() : null);
            token.id(SecretGenerator.getInstance().generateSecureID());
            token.issuedNow();
            return token;
        }
    }

    /** Stock's refresh steps before 26.7, as {@code TokenManager.refreshAccessToken} takes them. */
    private final class Steps implements RefreshSteps {

        private final KeycloakSession session;
        private final ClientConnection connection;
        private final HttpHeaders headers;
        private final EventBuilder event;
        private final String resourceParameter;

        Steps(KeycloakSession session, ClientConnection connection, HttpHeaders headers, EventBuilder event, String resourceParameter) {
            this.session = session;
            this.connection = connection;
            this.headers = headers;
            this.event = event;
            this.resourceParameter = resourceParameter;
        }

        /**
         * Stock's {@code validateToken} up to the client session context (its organization and consent checks are in
         * {@link #checkStillAuthorized}): before 26.7 it also mints an access token,
         * which the flow mints itself from the (possibly narrowed) context, so it is not called.
         */
        @Override
        public Validated validate(RefreshToken oldToken) throws OAuthErrorException {
            RealmModel realm = session.getContext().getRealm();
            UserSessionModel userSession = userSession(realm, oldToken);
            UserModel user = userSession.getUser();
            if (user == null) {
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Invalid refresh token", "Unknown user");
            }
            if (!user.isEnabled()) {
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "User disabled", "User disabled");
            }
            if (oldToken.isIssuedBeforeSessionStart(userSession.getStarted())) {
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Refresh token issued before the user session started");
            }
            ClientModel client = session.getContext().getClient();
            AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(client.getId());
            if (clientSession == null) {
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Session doesn't have required client", "Session doesn't have required client");
            }
            if (!AuthenticationManager.isClientSessionValid(realm, client, userSession, clientSession)) {
                userSession.removeAuthenticatedClientSessions(Collections.singletonList(client.getId()));
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Client session not active");
            }
            if (oldToken.isIssuedBeforeSessionStart(clientSession.getStarted())) {
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "refresh token issued before the client session started");
            }
            if (!client.getClientId().equals(oldToken.getIssuedFor())) {
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Unmatching clients", "Unmatching clients");
            }
            if (userSession.isOffline() && !UserSessionUtil.isOfflineAccessGranted(session, clientSession)) {
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Offline session invalid because offline access not granted anymore");
            }
            String scope = oldToken.getScope();
            if (scope == null && userSession.isOffline()) {
                // an offline token from before client scopes (stock migrates it the same way)
                logger.debugf("Migrating offline token of user '%s' for client '%s' of realm '%s'", user.getUsername(), client.getClientId(), realm.getName());
                MigrationUtils.migrateOldOfflineToken(session, realm, client, user);
                scope = OAuth2Constants.OFFLINE_ACCESS;
            }
            return new Validated(user, userSession, DefaultClientSessionContext.fromClientSessionAndScopeParameter(clientSession, scope, session));
        }

        private UserSessionModel userSession(RealmModel realm, RefreshToken oldToken) throws OAuthErrorException {
            if (TokenUtil.TOKEN_TYPE_OFFLINE.equals(oldToken.getType())) {
                UserSessionManager sessionManager = new UserSessionManager(session);
                UserSessionModel offline = sessionManager.findOfflineUserSession(realm, oldToken.getSessionState());
                if (offline == null) {
                    throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Offline user session not found", "Offline user session not found");
                }
                if (!AuthenticationManager.isSessionValid(realm, offline)) {
                    sessionManager.revokeOfflineUserSession(offline);
                    throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Offline session not active", "Offline session not active");
                }
                return offline;
            }
            UserSessionModel online = session.sessions().getUserSession(realm, oldToken.getSessionState());
            if (!AuthenticationManager.isSessionValid(realm, online)) {
                AuthenticationManager.backchannelLogout(session, realm, online, session.getContext().getUri(), connection, headers, true);
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Session not active", "Session not active");
            }
            return online;
        }

        /** Stock's consent check reads the scopes the new token is minted for. */
        @Override
        public void checkStillAuthorized(RefreshToken oldRefreshToken, UserModel user, ClientModel client, Validated validated, String effectiveScope)
                throws OAuthErrorException {
            checkSelectedOrganization(session, oldRefreshToken, user);
            if (!client.isConsentRequired()) {
                return;
            }
            ClientSessionContext effective = DefaultClientSessionContext.fromClientSessionAndScopeParameter(validated.clientSession(), effectiveScope, session);
            if (!verifyConsentStillAvailable(session, user, client, effective.getClientScopesStream())) {
                throw new OAuthErrorException(OAuthErrorException.INVALID_SCOPE, "Client no longer has requested consent from user");
            }
        }

        @Override
        public AccessToken createAccessToken(RealmModel realm, ClientModel client, UserModel user, UserSessionModel userSession,
                                             ClientSessionContext clientSessionCtx) {
            return LegacyTokenManager.this.createAccessToken(session, realm, client, user, userSession, clientSessionCtx);
        }

        @Override
        public AccessTokenResponseBuilder responseBuilder(RealmModel realm, ClientModel client, UserSessionModel userSession, ClientSessionContext clientSessionCtx,
                                                          AccessToken newToken, RefreshToken oldRefreshToken) {
            carryOver(clientSessionCtx, newToken, oldRefreshToken, resourceParameter);
            return LegacyTokenManager.this.responseBuilder(realm, client, event, session, userSession, clientSessionCtx).accessToken(newToken);
        }

        /** The refresh grant of these lines updates the sessions itself once the response is built. */
        @Override
        public void finish(AccessTokenResponseBuilder responseBuilder, RefreshToken oldRefreshToken) {
            LegacyTokenManager.this.finish(responseBuilder, oldRefreshToken);
        }

        @Override
        public ClientConnection connection() {
            return connection;
        }

        @Override
        public HttpHeaders headers() {
            return headers;
        }
    }
}
