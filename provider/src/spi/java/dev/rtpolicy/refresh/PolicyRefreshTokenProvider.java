package dev.rtpolicy.refresh;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.SessionExpirationUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenContext;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.util.TokenUtil;

import dev.rtpolicy.ops.PolicyMetrics;
import dev.rtpolicy.ops.PolicyMetrics.Outcome;
import dev.rtpolicy.refresh.RotationDecision.Verdict;
import dev.rtpolicy.settings.ReuseResponse;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;

import static org.keycloak.models.Constants.AUTHORIZATION_DETAILS_RESPONSE;

/**
 * The refresh grant under the realm's refresh-token policy. It follows Keycloak's own
 * {@code AbstractRefreshTokenProvider.refreshAccessToken} (26.7.3) step by step and replaces its reuse handling:
 * each refresh token belongs to a family whose state (current id, previous id, rotation time) is kept in a
 * client-session note, so rotation, reuse detection and the grace window work per family and per client, and
 * Keycloak's realm-wide "Revoke Refresh Token" counters are consulted only for tokens issued before installation
 * ({@link StockReuseVerdict}).
 */
final class PolicyRefreshTokenProvider extends DefaultRefreshTokenProvider {

    private static final Logger logger = Logger.getLogger(PolicyRefreshTokenProvider.class);

    /** Claim carrying the family id across rotations. */
    static final String FAMILY_CLAIM = "rt_family";
    /** Event details a reuse adds to the REFRESH_TOKEN_ERROR event. */
    static final String DETAIL_REUSE = "refresh_token_reuse";
    static final String DETAIL_FAMILY = "refresh_token_family";
    static final String DETAIL_REUSE_RESPONSE = "reuse_response";
    static final String REUSE_DESCRIPTION = "Refresh token reuse detected";
    static final String FAMILY_MOVED_DESCRIPTION = "Refresh token family changed during this refresh, try again";
    static final String AUTHORIZATION_EXPIRED_DESCRIPTION = "Authorization lifetime expired";

    /** What {@code \s} matches: scope lists are split on any of it. */
    private static final String WHITESPACE = " \t\n\u000B\f\r";

    /** The family a refresh mints its successor into; absent when a grant mints a first token (a new family). */
    private static final String SUCCESSOR_FAMILY = PolicyRefreshTokenProvider.class.getName() + ".successorFamily";

    PolicyRefreshTokenProvider(KeycloakSession session) {
        super(session);
    }

    // ---- initial issuance ------------------------------------------------------------------------------------

    @Override
    public RefreshToken generateRefreshToken(InitialRefreshTokenContext ctx) {
        AuthenticatedClientSessionModel holderSession = holderClientSession(ctx);
        RefreshTokenPolicySettings settings = RefreshTokenPolicySettings.forRequest(session, holderSession.getRealm(), holderSession.getClient());
        if (UnsteeredIssuance.isOpen(session) && !settings.issueRefreshTokens()) {
            UnsteeredIssuance.suppressed(session, settings.realmIssuesRefreshTokens() ? "client_grant" : "realm_switch");
            return placeholder(ctx);
        }
        RefreshToken refreshToken = super.generateRefreshToken(ctx);
        RefreshTokenFamily successorFamily = session.getAttribute(SUCCESSOR_FAMILY, RefreshTokenFamily.class);
        long familyStartedAt = successorFamily == null ? TimeUnit.SECONDS.toMillis(refreshToken.getIat()) : successorFamily.startedAtMillis();
        applyLifetime(refreshToken, holderSession, settings, familyStartedAt);
        if (successorFamily == null) {
            startFamily(holderSession, refreshToken);
        } else {
            refreshToken.getOtherClaims().put(FAMILY_CLAIM, successorFamily.id());
        }
        return refreshToken;
    }

    /**
     * The client session of the client that will hold and refresh the token (its {@code azp}). UMA and token
     * exchange v1 mint it from another client's session (the resource server's, the audience's) and then hand it to
     * the requesting client, whose own client session the refresh grant validates.
     */
    private static AuthenticatedClientSessionModel holderClientSession(InitialRefreshTokenContext ctx) {
        AuthenticatedClientSessionModel clientSession = ctx.clientSessionCtx().getClientSession();
        String holder = ctx.responseBuilder().getAccessToken().getIssuedFor();
        if (holder == null || holder.equals(clientSession.getClient().getClientId())) {
            return clientSession;
        }
        ClientModel holderClient = clientSession.getRealm().getClientByClientId(holder);
        AuthenticatedClientSessionModel holderSession = holderClient == null ? null
                : clientSession.getUserSession().getAuthenticatedClientSessionByClient(holderClient.getId());
        return holderSession == null ? clientSession : holderSession;
    }

    /**
     * What a grant that cannot be kept from minting gets instead of a refresh token it will drop: no session timer
     * slid, no offline session, no family; already expired, and of a family no session knows, so it could never be
     * refreshed even if it escaped.
     */
    private RefreshToken placeholder(InitialRefreshTokenContext ctx) {
        RefreshToken token = createRefreshToken(ctx.responseBuilder().getAccessToken(), ctx.confirmation(), PolicyRefreshTokenProviderFactory.PROVIDER_ID);
        token.exp(token.getIat());
        token.getOtherClaims().put(FAMILY_CLAIM, token.getId());
        return token;
    }

    /**
     * Sets {@code exp} as {@link RefreshTokenExpiry} says, from this client session's limits and the policy, capped at
     * the end of the family's authorization lifetime; records what the token response says about it.
     */
    private void applyLifetime(RefreshToken refreshToken, AuthenticatedClientSessionModel clientSession, RefreshTokenPolicySettings settings,
                               long familyStartedAtMillis) {
        boolean offline = TokenUtil.TOKEN_TYPE_OFFLINE.equals(refreshToken.getType());
        int lifetime = offline ? settings.offlineRefreshTokenLifetime() : settings.refreshTokenLifetime();
        Long familyEnd = RefreshTokenExpiry.familyEnd(familyStartedAtMillis, settings.authorizationLifetime());
        refreshToken.exp(RefreshTokenExpiry.of(refreshToken.getExp(), settings.rotateOnRefresh(willBeSenderConstrained(refreshToken)), offline,
                () -> sessionMaxSeconds(clientSession, offline), refreshToken.getIat(), lifetime, familyEnd));
        TokenResponseExpiry.record(session, responseExpiry(clientSession, offline, refreshToken.getExp(), familyEnd, false));
    }

    /** The response's expiry for a token with this {@code exp}, from the client session's idle and maximum ends. */
    private static TokenResponseExpiry responseExpiry(AuthenticatedClientSessionModel clientSession, boolean offline, Long exp, Long familyEnd,
                                                      boolean kept) {
        long idleEnd = TimeUnit.MILLISECONDS.toSeconds(SessionExpirationUtils.calculateClientSessionIdleTimestamp(offline,
                clientSession.getUserSession().isRememberMe(), TimeUnit.SECONDS.toMillis(clientSession.getTimestamp()), clientSession.getRealm(),
                clientSession.getClient()));
        return new TokenResponseExpiry(RefreshTokenExpiry.timeoutEnd(exp, idleEnd),
                RefreshTokenExpiry.authorizationEnd(familyEnd, sessionMaxSeconds(clientSession, offline)), kept);
    }

    /** The client session's latest end (Keycloak's client and SSO session maximum), seconds; ≤ 0 when unlimited. */
    private static long sessionMaxSeconds(AuthenticatedClientSessionModel clientSession, boolean offline) {
        UserSessionModel userSession = clientSession.getUserSession();
        return TimeUnit.MILLISECONDS.toSeconds(SessionExpirationUtils.calculateClientSessionMaxLifespanTimestamp(offline,
                userSession.isRememberMe(), TimeUnit.SECONDS.toMillis(clientSession.getStarted()), TimeUnit.SECONDS.toMillis(userSession.getStarted()),
                clientSession.getRealm(), clientSession.getClient()));
    }

    /** RFC 9449 §5 / RFC 8705: a DPoP- or certificate-bound token is sender-constrained. */
    static boolean isSenderConstrained(RefreshToken token) {
        AccessToken.Confirmation cnf = token.getConfirmation();
        return cnf != null && (cnf.getKeyThumbprint() != null || cnf.getCertThumbprint() != null);
    }

    /**
     * Whether the token being minted will be sender-constrained: bound now, or about to be bound by Keycloak after this
     * provider returns (a public client's DPoP "bind only the refresh token" client policy, TokenManager's
     * {@code generateRefreshToken}), so its lifetime follows the rotation setting from the start.
     */
    private boolean willBeSenderConstrained(RefreshToken token) {
        return isSenderConstrained(token) || (session.getAttributeOrDefault(DPoPUtil.DPOP_BINDING_ONLY_REFRESH_TOKEN_SESSION_ATTRIBUTE, false)
                && session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, DPoP.class) != null);
    }

    private void startFamily(AuthenticatedClientSessionModel clientSession, RefreshToken refreshToken) {
        String familyId = refreshToken.getId();
        refreshToken.getOtherClaims().put(FAMILY_CLAIM, familyId);
        RefreshTokenFamily family = RefreshTokenFamily.start(familyId, refreshToken.getId(), TimeUnit.SECONDS.toMillis(refreshToken.getIat()));
        family.save(notesOf(clientSession));
        if (TokenUtil.TOKEN_TYPE_OFFLINE.equals(refreshToken.getType())) {
            // The offline client session was copied from the online one before this token existed.
            AuthenticatedClientSessionModel offline = offlineClientSession(clientSession);
            if (offline != null) {
                family.save(notesOf(offline));
            }
        }
    }

    private AuthenticatedClientSessionModel offlineClientSession(AuthenticatedClientSessionModel clientSession) {
        if (clientSession.getUserSession().isOffline()) {
            return clientSession;
        }
        UserSessionModel offline = session.sessions().getOfflineUserSession(clientSession.getRealm(), clientSession.getUserSession().getId());
        return offline == null ? null : offline.getAuthenticatedClientSessionByClient(clientSession.getClient().getId());
    }

    // ---- refresh --------------------------------------------------------------------------------------------

    @Override
    public TokenManager.AccessTokenResponseBuilder refreshAccessToken(RefreshTokenContext ctx) throws OAuthErrorException {
        RealmModel realm = ctx.grantContext().getRealm();
        ClientModel client = ctx.grantContext().getClient();
        TokenManager tokenManager = ctx.tokenManager();
        RefreshToken oldRefreshToken = ctx.oldRefreshToken();
        EventBuilder event = ctx.grantContext().getEvent();
        RefreshTokenPolicySettings settings = RefreshTokenPolicySettings.forRequest(session, realm, client);

        Set<String> requestedScopes = ctx.scopeParameter() == null || ctx.scopeParameter().isBlank() ? null : scopeSet(ctx.scopeParameter());
        Set<String> grantedScopes = requestedScopes == null ? Set.of() : scopeSet(oldRefreshToken.getScope());
        Verdict admission = RotationDecision.admit(settings.refreshTokenGrant(), grantedScopes, requestedScopes);
        if (admission == Verdict.UNAUTHORIZED_CLIENT) {
            PolicyMetrics.refresh(realm.getName(), Outcome.REFUSED_UNAUTHORIZED_CLIENT);
            throw new OAuthErrorException(OAuthErrorException.UNAUTHORIZED_CLIENT, "Client not allowed to use the refresh token grant");
        }
        if (admission == Verdict.INVALID_SCOPE) {
            PolicyMetrics.refresh(realm.getName(), Outcome.REFUSED_INVALID_SCOPE);
            throw new OAuthErrorException(OAuthErrorException.INVALID_SCOPE, "Requested scope was not granted to the refresh token");
        }

        String familyId = familyIdOf(oldRefreshToken);
        if (!UserSessionRefreshLock.tryAcquire(session, oldRefreshToken.getSessionId())) {
            // A store that cannot answer (e.g. an unreachable external Infinispan) also ends here: fail closed.
            PolicyMetrics.refresh(realm.getName(), Outcome.REFUSED_CONCURRENT);
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Refresh token is being refreshed concurrently, try again");
        }

        event.session(oldRefreshToken.getSessionState())
                .detail(Details.REFRESH_TOKEN_ID, oldRefreshToken.getId())
                .detail(Details.REFRESH_TOKEN_TYPE, oldRefreshToken.getType())
                .detail(DETAIL_FAMILY, familyId);
        if (oldRefreshToken.getSubject() != null) {
            event.detail(Details.REFRESH_TOKEN_SUB, oldRefreshToken.getSubject());
        }

        TokenManager.TokenValidation validation = validateToken(session, session.getContext().getUri(), ctx.grantContext().getClientConnection(), realm,
                oldRefreshToken, ctx.grantContext().getHeaders(), oldRefreshToken.getScope(), client, tokenManager, event);
        UserModel user = validation.user;
        UserSessionModel userSession = validation.userSession;
        AuthenticatedClientSessionModel clientSession = validation.clientSessionCtx.getClientSession();
        ClientSessionContext clientSessionCtx = requestedScopes == null
                ? validation.clientSessionCtx
                : NarrowedClientSessionContext.of(validation.clientSessionCtx, requestedScopes, userSession.isOffline(), session);
        String effectiveScope = requestedScopes == null ? oldRefreshToken.getScope() : String.join(" ", requestedScopes);

        tokenManager.validateSelectedOrganization(session, oldRefreshToken, user);
        try {
            TokenVerifier.createWithoutSignature(oldRefreshToken)
                    .withChecks(TokenManager.NotBeforeCheck.forModel(realm), TokenManager.NotBeforeCheck.forModel(client),
                            TokenManager.NotBeforeCheck.forModel(session, realm, user))
                    .verify();
        } catch (VerificationException e) {
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Stale token");
        }
        if (!TokenManager.verifyConsentStillAvailable(session, user, client, clientSession, effectiveScope)) {
            throw new OAuthErrorException(OAuthErrorException.INVALID_SCOPE, "Client no longer has requested consent from user");
        }
        if (!clientSession.getClient().getId().equals(client.getId())) {
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Invalid refresh token. Token client and authorized client don't match");
        }

        long now = Time.currentTimeMillis();
        long clientSessionStartedAt = TimeUnit.SECONDS.toMillis(clientSession.getStarted());
        RefreshTokenFamily family = RefreshTokenFamily.load(notesOf(clientSession), familyId, clientSessionStartedAt);
        long familyStartedAt = family == null ? clientSessionStartedAt : family.startedAtMillis();
        Verdict verdict = RotationDecision.decide(presented(oldRefreshToken), family, now, settings.reuseGracePeriod(),
                settings.rotateOnRefresh(isSenderConstrained(oldRefreshToken)), () -> StockReuseVerdict.honours(realm, clientSession, oldRefreshToken),
                RefreshTokenExpiry.familyEndMillis(familyStartedAt, settings.authorizationLifetime()));
        if (verdict == Verdict.AUTHORIZATION_EXPIRED) {
            PolicyMetrics.refresh(realm.getName(), Outcome.REFUSED_AUTHORIZATION_EXPIRED);
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, AUTHORIZATION_EXPIRED_DESCRIPTION);
        }
        if (verdict == Verdict.UNKNOWN_FAMILY) {
            PolicyMetrics.refresh(realm.getName(), Outcome.REFUSED_UNKNOWN_FAMILY);
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Refresh token is no longer valid");
        }
        if (verdict == Verdict.REUSE) {
            respondToReuse(settings, event, userSession, clientSession, familyId, ctx);
            PolicyMetrics.refresh(realm.getName(), reuseOutcome(settings.reuseResponse()));
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, REUSE_DESCRIPTION);
        }
        if (family == null) {
            // A token issued before this extension was installed, honoured as stock would: it founds its own family
            // now, and no other token of its stock chain is honoured after it.
            family = RefreshTokenFamily.start(familyId, oldRefreshToken.getId(), clientSessionStartedAt);
            family.save(notesOf(clientSession));
            StockReuseVerdict.recordTakeOver(realm, clientSession, oldRefreshToken);
        }
        event.user(user);
        if (verdict == Verdict.ROTATE && !mayRotate(oldRefreshToken, familyId)) {
            PolicyMetrics.refresh(realm.getName(), Outcome.REFUSED_CONCURRENT);
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, FAMILY_MOVED_DESCRIPTION);
        }

        TokenManager.AccessTokenResponseBuilder responseBuilder = buildResponse(ctx, tokenManager, realm, client, user, userSession, clientSessionCtx);

        if (verdict != Verdict.KEEP) {
            rotate(responseBuilder, tokenManager, oldRefreshToken, clientSession, family, verdict, now, event);
            PolicyMetrics.refresh(realm.getName(), verdict == Verdict.GRACE_RETRY ? Outcome.GRACE_RETRY : Outcome.ROTATED);
            if (responseBuilder.getAccessToken().getAuthorization() != null) {
                responseBuilder.getRefreshToken().setAuthorization(responseBuilder.getAccessToken().getAuthorization());
            }
        } else {
            PolicyMetrics.refresh(realm.getName(), Outcome.NOT_ROTATED);
            // The successor has been used: a grace window reopens nothing from now on (RFC 9700 §4.14.2).
            if (oldRefreshToken.getId().equals(family.currentTokenId()) && family.closeGrace()) {
                family.save(notesOf(clientSession));
            }
            // No token is minted, so slide the idle timers here as minting would (DefaultRefreshTokenProvider).
            int nowSeconds = (int) TimeUnit.MILLISECONDS.toSeconds(now);
            clientSession.setTimestamp(nowSeconds);
            userSession.setLastSessionRefresh(nowSeconds);
            Long familyEnd = RefreshTokenExpiry.familyEnd(family.startedAtMillis(), settings.authorizationLifetime());
            TokenResponseExpiry.record(session, responseExpiry(clientSession, TokenUtil.TOKEN_TYPE_OFFLINE.equals(oldRefreshToken.getType()),
                    RefreshTokenExpiry.cap(oldRefreshToken.getExp(), familyEnd), familyEnd, true));
        }
        if (TokenUtil.isOIDCRequest(clientSessionCtx.getScopeString()) && TokenUtil.isOIDCRequest(clientSession.getNote(OAuth2Constants.SCOPE))) {
            responseBuilder.generateIDToken().generateAccessTokenHash();
        }
        AccessToken newToken = responseBuilder.getAccessToken();
        event.detail(Details.ACCESS_TOKEN_EXPIRATION_TIME, Long.toString(newToken.getExp() - newToken.getIat()));
        event.detail(Details.AGE_OF_REFRESH_TOKEN, Long.toString(newToken.getIat() - oldRefreshToken.getIat()));
        responseBuilder.requestRefreshToken(oldRefreshToken);
        afterRefreshTokenGenerated(ctx, responseBuilder);
        return responseBuilder;
    }

    /**
     * The compare-and-set before minting: what this request read is still the family's state only while it
     * certainly holds the session's lock, and only one request ever rotates the family away from a given token.
     */
    private boolean mayRotate(RefreshToken oldRefreshToken, String familyId) {
        return UserSessionRefreshLock.held(session, oldRefreshToken.getSessionId())
                && RotationClaim.claim(session, familyId, oldRefreshToken.getId());
    }

    static RotationDecision.Presented presented(RefreshToken token) {
        return new RotationDecision.Presented(token.getId(), token.getOtherClaims().containsKey(FAMILY_CLAIM));
    }

    @SuppressWarnings("unchecked")
    private TokenManager.AccessTokenResponseBuilder buildResponse(RefreshTokenContext ctx, TokenManager tokenManager, RealmModel realm, ClientModel client,
                                                                 UserModel user, UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        RefreshToken oldRefreshToken = ctx.oldRefreshToken();
        if (oldRefreshToken.getNonce() != null) {
            clientSessionCtx.setAttribute(OIDCLoginProtocol.NONCE_PARAM, oldRefreshToken.getNonce());
        }
        clientSessionCtx.setAttribute(Constants.GRANT_TYPE, OAuth2Constants.REFRESH_TOKEN);
        AccessToken newToken = tokenManager.createClientAccessToken(session, realm, client, user, userSession, clientSessionCtx, userSession.isOffline());
        session.getContext().setUserSession(userSession);
        if (oldRefreshToken.getAuthorization() != null) {
            newToken.setAuthorization(oldRefreshToken.getAuthorization());
        }
        Collection<String> requestedAudience = (Collection<String>) oldRefreshToken.getOtherClaims().get(Constants.REQUESTED_AUDIENCE);
        if (requestedAudience != null) {
            clientSessionCtx.setAttribute(Constants.REQUESTED_AUDIENCE_CLIENTS, requestedAudience.stream()
                    .map(clientId -> session.clients().getClientByClientId(realm, clientId))
                    .filter(Objects::nonNull)
                    .toArray(ClientModel[]::new));
        }
        clientSessionCtx.setAttribute(OAuth2Constants.RESOURCE, ctx.resourceParameter());
        TokenManager.AccessTokenResponseBuilder responseBuilder = tokenManager.responseBuilder(realm, client, ctx.grantContext().getEvent(), session,
                userSession, clientSessionCtx).offlineToken(TokenUtil.TOKEN_TYPE_OFFLINE.equals(oldRefreshToken.getType())).accessToken(newToken);
        List<AuthorizationDetailsJSONRepresentation> authorizationDetails = oldRefreshToken.getAuthorizationDetails();
        if (authorizationDetails != null) {
            newToken.setAuthorizationDetails(authorizationDetails);
            clientSessionCtx.setAttribute(AUTHORIZATION_DETAILS_RESPONSE, authorizationDetails);
        }
        return responseBuilder;
    }

    /**
     * Issues the successor: a fresh one for the current token, the same one (same {@code jti}) for a grace retry,
     * so retries are idempotent. The successor keeps the family and the original scope (RFC 6749 §6).
     */
    private void rotate(TokenManager.AccessTokenResponseBuilder responseBuilder, TokenManager tokenManager, RefreshToken oldRefreshToken,
                        AuthenticatedClientSessionModel clientSession, RefreshTokenFamily family, Verdict verdict, long now, EventBuilder event) {
        boolean offlineScope = oldRefreshToken.getScope() == null || TokenUtil.TOKEN_TYPE_OFFLINE.equals(oldRefreshToken.getType())
                || scopeSet(oldRefreshToken.getScope()).contains(OAuth2Constants.OFFLINE_ACCESS);
        session.setAttribute(SUCCESSOR_FAMILY, family);
        try {
            if (offlineScope) {
                // Not generateRefreshToken(oldRefreshToken, clientSession): for offline_access it swaps the builder's
                // context for the full original one, so the ID token and the response's scope would ignore narrowing.
                responseBuilder.generateRefreshToken();
            } else {
                // Keycloak's own refresh path: the successor keeps the original scope (RFC 6749 §6) and, with "Revoke
                // Refresh Token" on, the chain's reuse id and newest iat, without recomputing the context's scopes.
                responseBuilder.generateRefreshToken(oldRefreshToken, clientSession);
            }
        } finally {
            session.removeAttribute(SUCCESSOR_FAMILY);
        }
        RefreshToken successor = responseBuilder.getRefreshToken();
        if (offlineScope) {
            // RFC 6749 §6: the new refresh token has the scope of the original grant, narrowed or not.
            successor.setScope(oldRefreshToken.getScope());
            if (clientSession.getRealm().isRevokeRefreshToken()) {
                // What Keycloak's own rotation keeps for its "Revoke Refresh Token": the chain's reuse id and newest iat.
                successor.getOtherClaims().put(Constants.REUSE_ID, oldRefreshToken.getOtherClaims().get(Constants.REUSE_ID));
                clientSession.setRefreshTokenLastRefresh(tokenManager.getReuseIdKey(oldRefreshToken), successor.getIat().intValue());
            }
        }
        if (verdict == Verdict.GRACE_RETRY) {
            successor.id(family.currentTokenId());
            return;
        }
        family.rotate(successor.getId(), now);
        SuccessorDelivery.await(session, responseBuilder, event, successor.getId(), () -> family.save(notesOf(clientSession)),
                () -> session.singleUseObjects().remove(RotationClaim.key(family.id(), oldRefreshToken.getId())));
    }

    private void respondToReuse(RefreshTokenPolicySettings settings, EventBuilder event, UserSessionModel userSession,
                                AuthenticatedClientSessionModel clientSession, String familyId, RefreshTokenContext ctx) {
        event.user(userSession.getUser())
                .detail(DETAIL_REUSE, "detected")
                .detail(DETAIL_REUSE_RESPONSE, settings.reuseResponse().value());
        logger.debugf("Refresh token reuse in family %s of client %s, realm %s: %s", familyId, clientSession.getClient().getClientId(),
                clientSession.getRealm().getName(), settings.reuseResponse().value());
        switch (settings.reuseResponse()) {
            case REVOKE_GRANT:
                clientSession.detachFromUserSession();
                break;
            case REVOKE_USER_SESSION:
                endUserSession(userSession, ctx);
                break;
            case REJECT_ONLY:
            default:
                break;
        }
    }

    private static Outcome reuseOutcome(ReuseResponse response) {
        switch (response) {
            case REVOKE_USER_SESSION:
                return Outcome.REUSE_REVOKE_USER_SESSION;
            case REJECT_ONLY:
                return Outcome.REUSE_REJECT_ONLY;
            default:
                return Outcome.REUSE_REVOKE_GRANT;
        }
    }

    private void endUserSession(UserSessionModel userSession, RefreshTokenContext ctx) {
        RealmModel realm = userSession.getRealm();
        if (userSession.isOffline()) {
            new UserSessionManager(session).revokeOfflineUserSession(userSession);
            UserSessionModel online = session.sessions().getUserSession(realm, userSession.getId());
            if (online == null) {
                return;
            }
            userSession = online;
        }
        UserSessionModel ending = userSession;
        // Back-channel logouts call client URLs that may stall: never with the lock held.
        UserSessionRefreshLock.unlockedDuring(session, ctx.oldRefreshToken().getSessionId(), () -> AuthenticationManager.backchannelLogout(
                session, realm, ending, session.getContext().getUri(), ctx.grantContext().getClientConnection(), ctx.grantContext().getHeaders(), true));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** A token issued before this extension has no family claim; its own id names its family. */
    static String familyIdOf(RefreshToken token) {
        Object claim = token.getOtherClaims().get(FAMILY_CLAIM);
        return claim instanceof String s && !s.isEmpty() ? s : token.getId();
    }

    /** The scopes of a space-separated list (RFC 6749 §3.3), in order, without duplicates; any whitespace separates. */
    static Set<String> scopeSet(String scope) {
        if (scope == null) {
            return Set.of();
        }
        Set<String> scopes = new LinkedHashSet<>();
        StringTokenizer tokens = new StringTokenizer(scope, WHITESPACE);
        while (tokens.hasMoreTokens()) {
            scopes.add(tokens.nextToken());
        }
        return scopes;
    }

    static RefreshTokenFamily.Notes notesOf(AuthenticatedClientSessionModel clientSession) {
        return RefreshTokenFamily.Notes.of(clientSession::getNote, clientSession::setNote);
    }
}
