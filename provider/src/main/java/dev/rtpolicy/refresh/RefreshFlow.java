package dev.rtpolicy.refresh;

import java.util.LinkedHashSet;
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
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.util.TokenUtil;

import dev.rtpolicy.ops.PolicyMetrics;
import dev.rtpolicy.ops.PolicyMetrics.Outcome;
import dev.rtpolicy.refresh.RefreshSteps.Validated;
import dev.rtpolicy.refresh.RotationDecision.Verdict;
import dev.rtpolicy.settings.FamilyCap;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;
import dev.rtpolicy.settings.ReuseResponse;

/**
 * The refresh grant under the realm's refresh-token policy, on every Keycloak line. It follows Keycloak's own refresh
 * ({@code AbstractRefreshTokenProvider.refreshAccessToken} in 26.7.3, {@code TokenManager.refreshAccessToken} before)
 * step by step, with what Keycloak must do behind {@link RefreshSteps}, and replaces its reuse handling: each refresh
 * token belongs to a family whose state (current id, previous id, rotation time) is kept in a client-session note, so
 * rotation, reuse detection and the grace window work per family and per client, and Keycloak's realm-wide "Revoke
 * Refresh Token" counters are consulted only for tokens issued before installation ({@link StockReuseVerdict}).
 */
final class RefreshFlow {

    private static final Logger logger = Logger.getLogger(RefreshFlow.class);

    /** Claim carrying the family id across rotations. */
    static final String FAMILY_CLAIM = "rt_family";
    /** Event details a reuse adds to the REFRESH_TOKEN_ERROR event. */
    static final String DETAIL_REUSE = "refresh_token_reuse";
    static final String DETAIL_FAMILY = "refresh_token_family";
    static final String DETAIL_REUSE_RESPONSE = "reuse_response";
    static final String REUSE_DESCRIPTION = "Refresh token reuse detected";
    static final String FAMILY_MOVED_DESCRIPTION = "Refresh token family changed during this refresh, try again";
    static final String AUTHORIZATION_EXPIRED_DESCRIPTION = "Authorization lifetime expired";
    /** What Keycloak answers for a session that is gone ({@code validateToken}). */
    static final String SESSION_ENDED_DESCRIPTION = "Session not active";

    /** What {@code \s} matches: scope lists are split on any of it. */
    private static final String WHITESPACE = " \t\n\u000B\f\r";

    private final KeycloakSession session;
    private final RefreshSteps keycloak;

    RefreshFlow(KeycloakSession session, RefreshSteps keycloak) {
        this.session = session;
        this.keycloak = keycloak;
    }

    TokenManager.AccessTokenResponseBuilder refresh(RealmModel realm, ClientModel client, RefreshToken oldRefreshToken, String scopeParameter,
                                                    EventBuilder event) throws OAuthErrorException {
        RefreshTokenPolicySettings settings = RefreshTokenPolicySettings.forRequest(session, realm, client);

        Set<String> requestedScopes = scopeParameter == null || scopeParameter.isBlank() ? null : scopeSet(scopeParameter);
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

        Validated validation = keycloak.validate(oldRefreshToken);
        UserModel user = validation.user();
        UserSessionModel userSession = validation.userSession();
        AuthenticatedClientSessionModel clientSession = validation.clientSession();
        if (StoredSession.isGhost(session, userSession, clientSession)) {
            // Checked under the session's refresh lock: an end that committed before this point is seen here.
            PolicyMetrics.refresh(realm.getName(), Outcome.REFUSED_SESSION_ENDED);
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, SESSION_ENDED_DESCRIPTION);
        }
        ClientSessionContext clientSessionCtx = requestedScopes == null
                ? validation.clientSessionCtx()
                : NarrowedClientSessionContext.of(validation.clientSessionCtx(), requestedScopes, userSession.isOffline(), session);
        String effectiveScope = requestedScopes == null ? oldRefreshToken.getScope() : String.join(" ", requestedScopes);

        try {
            TokenVerifier.createWithoutSignature(oldRefreshToken)
                    .withChecks(TokenManager.NotBeforeCheck.forModel(realm), TokenManager.NotBeforeCheck.forModel(client),
                            TokenManager.NotBeforeCheck.forModel(session, realm, user))
                    .verify();
        } catch (VerificationException e) {
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Stale token");
        }
        keycloak.checkStillAuthorized(oldRefreshToken, user, client, validation, effectiveScope);
        if (!clientSession.getClient().getId().equals(client.getId())) {
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Invalid refresh token. Token client and authorized client don't match");
        }

        long now = Time.currentTimeMillis();
        long clientSessionStartedAt = TimeUnit.SECONDS.toMillis(clientSession.getStarted());
        RefreshTokenFamily family = RefreshTokenFamily.load(notesOf(clientSession), familyId, clientSessionStartedAt);
        long familyStartedAt = family == null ? clientSessionStartedAt : family.startedAtMillis();
        Verdict verdict = family == null && StockReuseVerdict.foundedAFamily(clientSession, oldRefreshToken)
                ? Verdict.UNKNOWN_FAMILY
                : RotationDecision.decide(presented(oldRefreshToken), family, now, settings.reuseGracePeriod(),
                        settings.rotateOnRefresh(isSenderConstrained(oldRefreshToken)),
                        () -> StockReuseVerdict.honours(realm, clientSession, oldRefreshToken),
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
            respondToReuse(settings, event, userSession, clientSession, familyId, oldRefreshToken);
            PolicyMetrics.refresh(realm.getName(), reuseOutcome(settings.reuseResponse()));
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, REUSE_DESCRIPTION);
        }
        if (family == null) {
            // A token issued before this extension was installed, honoured as stock would: it founds its own family
            // now, and no other token of its stock chain is honoured after it.
            family = RefreshTokenFamily.start(familyId, oldRefreshToken.getId(), clientSessionStartedAt, oldRefreshToken.getExp());
            family.save(notesOf(clientSession));
            StockReuseVerdict.recordTakeOver(realm, clientSession, oldRefreshToken);
        }
        event.user(user);
        if (verdict == Verdict.ROTATE && !mayRotate(oldRefreshToken, familyId)) {
            PolicyMetrics.refresh(realm.getName(), Outcome.REFUSED_CONCURRENT);
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, FAMILY_MOVED_DESCRIPTION);
        }

        TokenManager.AccessTokenResponseBuilder responseBuilder = buildResponse(oldRefreshToken, realm, client, user, userSession, clientSessionCtx);

        if (verdict != Verdict.KEEP) {
            rotate(responseBuilder, oldRefreshToken, clientSession, family, verdict, now, event);
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
            TokenResponseExpiry.record(session, IssuanceFlow.responseExpiry(clientSession, TokenUtil.TOKEN_TYPE_OFFLINE.equals(oldRefreshToken.getType()),
                    RefreshTokenExpiry.cap(oldRefreshToken.getExp(), familyEnd), familyEnd, true));
        }
        if (TokenUtil.isOIDCRequest(clientSessionCtx.getScopeString()) && TokenUtil.isOIDCRequest(clientSession.getNote(OAuth2Constants.SCOPE))) {
            responseBuilder.generateIDToken().generateAccessTokenHash();
        }
        AccessToken newToken = responseBuilder.getAccessToken();
        event.detail(Details.ACCESS_TOKEN_EXPIRATION_TIME, Long.toString(newToken.getExp() - newToken.getIat()));
        event.detail(Details.AGE_OF_REFRESH_TOKEN, Long.toString(newToken.getIat() - oldRefreshToken.getIat()));
        FamilyPruning.prune(clientSession, familyId, now, FamilyCap.of(session));
        keycloak.finish(responseBuilder, oldRefreshToken);
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

    private TokenManager.AccessTokenResponseBuilder buildResponse(RefreshToken oldRefreshToken, RealmModel realm, ClientModel client, UserModel user,
                                                                 UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        if (oldRefreshToken.getNonce() != null) {
            clientSessionCtx.setAttribute(OIDCLoginProtocol.NONCE_PARAM, oldRefreshToken.getNonce());
        }
        clientSessionCtx.setAttribute(Constants.GRANT_TYPE, OAuth2Constants.REFRESH_TOKEN);
        AccessToken newToken = keycloak.createAccessToken(realm, client, user, userSession, clientSessionCtx);
        session.getContext().setUserSession(userSession);
        if (oldRefreshToken.getAuthorization() != null) {
            newToken.setAuthorization(oldRefreshToken.getAuthorization());
        }
        @SuppressWarnings("unchecked")
        java.util.Collection<String> requestedAudience = (java.util.Collection<String>) oldRefreshToken.getOtherClaims().get(Constants.REQUESTED_AUDIENCE);
        if (requestedAudience != null) {
            clientSessionCtx.setAttribute(Constants.REQUESTED_AUDIENCE_CLIENTS, requestedAudience.stream()
                    .map(clientId -> session.clients().getClientByClientId(realm, clientId))
                    .filter(java.util.Objects::nonNull)
                    .toArray(ClientModel[]::new));
        }
        return keycloak.responseBuilder(realm, client, userSession, clientSessionCtx, newToken, oldRefreshToken)
                .offlineToken(TokenUtil.TOKEN_TYPE_OFFLINE.equals(oldRefreshToken.getType()));
    }

    /**
     * Issues the successor: a fresh one for the current token, the same one (same {@code jti}) for a grace retry,
     * so retries are idempotent. The successor keeps the family and the original scope (RFC 6749 §6).
     */
    private void rotate(TokenManager.AccessTokenResponseBuilder responseBuilder, RefreshToken oldRefreshToken, AuthenticatedClientSessionModel clientSession,
                        RefreshTokenFamily family, Verdict verdict, long now, EventBuilder event) {
        boolean offlineScope = oldRefreshToken.getScope() == null || TokenUtil.TOKEN_TYPE_OFFLINE.equals(oldRefreshToken.getType())
                || scopeSet(oldRefreshToken.getScope()).contains(OAuth2Constants.OFFLINE_ACCESS);
        IssuanceFlow.mintingInto(session, family, () -> {
            if (offlineScope) {
                // Not generateRefreshToken(oldRefreshToken, clientSession): for offline_access it swaps the builder's
                // context for the full original one, so the ID token and the response's scope would ignore narrowing.
                responseBuilder.generateRefreshToken();
            } else {
                // Keycloak's own refresh path: the successor keeps the original scope (RFC 6749 §6) and, with "Revoke
                // Refresh Token" on, the chain's reuse id and newest iat, without recomputing the context's scopes.
                responseBuilder.generateRefreshToken(oldRefreshToken, clientSession);
            }
        });
        RefreshToken successor = responseBuilder.getRefreshToken();
        if (offlineScope) {
            // RFC 6749 §6: the new refresh token has the scope of the original grant, narrowed or not.
            successor.setScope(oldRefreshToken.getScope());
            if (clientSession.getRealm().isRevokeRefreshToken()) {
                // What Keycloak's own rotation keeps for its "Revoke Refresh Token": the chain's reuse id and newest iat.
                successor.getOtherClaims().put(Constants.REUSE_ID, oldRefreshToken.getOtherClaims().get(Constants.REUSE_ID));
                clientSession.setRefreshTokenLastRefresh(StockReuseVerdict.reuseKey(oldRefreshToken), successor.getIat().intValue());
            }
        }
        if (verdict == Verdict.GRACE_RETRY) {
            successor.id(family.currentTokenId());
            if (family.reissued(successor.getExp())) {
                family.save(notesOf(clientSession));
            }
            return;
        }
        family.rotate(successor.getId(), now, successor.getExp());
        SuccessorDelivery.await(session, responseBuilder, event, successor.getId(), () -> family.save(notesOf(clientSession)),
                () -> session.singleUseObjects().remove(RotationClaim.key(family.id(), oldRefreshToken.getId())));
    }

    private void respondToReuse(RefreshTokenPolicySettings settings, EventBuilder event, UserSessionModel userSession,
                                AuthenticatedClientSessionModel clientSession, String familyId, RefreshToken oldRefreshToken) {
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
                endUserSession(userSession, oldRefreshToken);
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

    private void endUserSession(UserSessionModel userSession, RefreshToken oldRefreshToken) {
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
        UserSessionRefreshLock.unlockedDuring(session, oldRefreshToken.getSessionId(), () -> AuthenticationManager.backchannelLogout(
                session, realm, ending, session.getContext().getUri(), keycloak.connection(), keycloak.headers(), true));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    static RotationDecision.Presented presented(RefreshToken token) {
        return new RotationDecision.Presented(token.getId(), token.getOtherClaims().containsKey(FAMILY_CLAIM));
    }

    /** RFC 9449 §5 / RFC 8705: a DPoP- or certificate-bound token is sender-constrained. */
    static boolean isSenderConstrained(RefreshToken token) {
        AccessToken.Confirmation cnf = token.getConfirmation();
        return cnf != null && (cnf.getKeyThumbprint() != null || cnf.getCertThumbprint() != null);
    }

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
