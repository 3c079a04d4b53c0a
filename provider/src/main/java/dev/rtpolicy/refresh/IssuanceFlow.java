package dev.rtpolicy.refresh;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.SessionExpirationUtils;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.util.TokenUtil;

import dev.rtpolicy.settings.FamilyCap;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Every refresh token Keycloak mints, under the policy, on every Keycloak line: the issuance switches, the start of a
 * family (or the successor's place in its family), and the lifetime cap. Each line's adapter calls it where that line
 * mints (the refresh-token SPI's {@code generateRefreshToken} from 26.7, the token response builder's before).
 */
final class IssuanceFlow {

    /** The family a refresh mints its successor into; absent when a grant mints a first token (a new family). */
    private static final String SUCCESSOR_FAMILY = IssuanceFlow.class.getName() + ".successorFamily";

    private final KeycloakSession session;
    private final AuthenticatedClientSessionModel holderSession;
    private final RefreshTokenPolicySettings settings;

    /** @param clientSession the client session Keycloak mints from; @param accessToken the access token minted with it */
    IssuanceFlow(KeycloakSession session, AuthenticatedClientSessionModel clientSession, AccessToken accessToken) {
        this.session = session;
        this.holderSession = holderClientSession(clientSession, accessToken);
        this.settings = RefreshTokenPolicySettings.forRequest(session, holderSession.getRealm(), holderSession.getClient());
    }

    /** Runs {@code mint} (Keycloak minting a successor) so that the token it mints joins {@code family}. */
    static void mintingInto(KeycloakSession session, RefreshTokenFamily family, Runnable mint) {
        session.setAttribute(SUCCESSOR_FAMILY, family);
        try {
            mint.run();
        } finally {
            session.removeAttribute(SUCCESSOR_FAMILY);
        }
    }

    /**
     * The token to issue: {@code mint}'s (Keycloak's own minting) under the policy, or, where a grant that cannot be
     * kept from minting must not get one, {@code placeholder}'s made harmless (see {@link #placeholder}).
     */
    RefreshToken issue(Supplier<RefreshToken> mint, Supplier<RefreshToken> placeholder) {
        if (UnsteeredIssuance.isOpen(session) && !settings.issueRefreshTokens()) {
            UnsteeredIssuance.suppressed(session, settings.realmIssuesRefreshTokens() ? "client_grant" : "realm_switch");
            return placeholder(placeholder.get());
        }
        RefreshToken refreshToken = mint.get();
        RefreshTokenFamily successorFamily = session.getAttribute(SUCCESSOR_FAMILY, RefreshTokenFamily.class);
        long familyStartedAt = successorFamily == null ? TimeUnit.SECONDS.toMillis(refreshToken.getIat()) : successorFamily.startedAtMillis();
        applyLifetime(refreshToken, familyStartedAt);
        if (successorFamily == null) {
            startFamily(refreshToken);
        } else {
            refreshToken.getOtherClaims().put(RefreshFlow.FAMILY_CLAIM, successorFamily.id());
        }
        return refreshToken;
    }

    /**
     * The client session of the client that will hold and refresh the token (its {@code azp}). UMA and token
     * exchange v1 mint it from another client's session (the resource server's, the audience's) and then hand it to
     * the requesting client, whose own client session the refresh grant validates.
     */
    private static AuthenticatedClientSessionModel holderClientSession(AuthenticatedClientSessionModel clientSession, AccessToken accessToken) {
        String holder = accessToken.getIssuedFor();
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
     * refreshed even if it escaped. {@code token} is a fresh token with id and iat, nothing else done for it.
     */
    private static RefreshToken placeholder(RefreshToken token) {
        token.exp(token.getIat());
        token.getOtherClaims().put(RefreshFlow.FAMILY_CLAIM, token.getId());
        return token;
    }

    /**
     * Sets {@code exp} as {@link RefreshTokenExpiry} says, from this client session's limits and the policy, capped at
     * the end of the family's authorization lifetime; records what the token response says about it.
     */
    private void applyLifetime(RefreshToken refreshToken, long familyStartedAtMillis) {
        boolean offline = TokenUtil.TOKEN_TYPE_OFFLINE.equals(refreshToken.getType());
        int lifetime = offline ? settings.offlineRefreshTokenLifetime() : settings.refreshTokenLifetime();
        Long familyEnd = RefreshTokenExpiry.familyEnd(familyStartedAtMillis, settings.authorizationLifetime());
        refreshToken.exp(RefreshTokenExpiry.of(refreshToken.getExp(), settings.rotateOnRefresh(willBeSenderConstrained(refreshToken)), offline,
                () -> sessionMaxSeconds(holderSession, offline), refreshToken.getIat(), lifetime, familyEnd));
        TokenResponseExpiry.record(session, responseExpiry(holderSession, offline, refreshToken.getExp(), familyEnd, false));
    }

    /** The response's expiry for a token with this {@code exp}, from the client session's idle and maximum ends. */
    static TokenResponseExpiry responseExpiry(AuthenticatedClientSessionModel clientSession, boolean offline, Long exp, Long familyEnd, boolean kept) {
        long idleEnd = TimeUnit.MILLISECONDS.toSeconds(SessionExpirationUtils.calculateClientSessionIdleTimestamp(offline,
                clientSession.getUserSession().isRememberMe(), TimeUnit.SECONDS.toMillis(clientSession.getTimestamp()), clientSession.getRealm(),
                clientSession.getClient()));
        return new TokenResponseExpiry(RefreshTokenExpiry.timeoutEnd(exp, idleEnd),
                RefreshTokenExpiry.authorizationEnd(familyEnd, sessionMaxSeconds(clientSession, offline)), kept, kept ? null : exp);
    }

    /** The client session's latest end (Keycloak's client and SSO session maximum), seconds; ≤ 0 when unlimited. */
    private static long sessionMaxSeconds(AuthenticatedClientSessionModel clientSession, boolean offline) {
        UserSessionModel userSession = clientSession.getUserSession();
        return TimeUnit.MILLISECONDS.toSeconds(SessionExpirationUtils.calculateClientSessionMaxLifespanTimestamp(offline,
                userSession.isRememberMe(), TimeUnit.SECONDS.toMillis(clientSession.getStarted()), TimeUnit.SECONDS.toMillis(userSession.getStarted()),
                clientSession.getRealm(), clientSession.getClient()));
    }

    /**
     * Whether the token being minted will be sender-constrained: bound now, or about to be bound by Keycloak after
     * minting (a public client's DPoP "bind only the refresh token" client policy, the response builder's
     * {@code generateRefreshToken}), so its lifetime follows the rotation setting from the start.
     */
    private boolean willBeSenderConstrained(RefreshToken token) {
        return RefreshFlow.isSenderConstrained(token) || (session.getAttributeOrDefault(DPoPUtil.DPOP_BINDING_ONLY_REFRESH_TOKEN_SESSION_ATTRIBUTE, false)
                && session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, DPoP.class) != null);
    }

    private void startFamily(RefreshToken refreshToken) {
        String familyId = refreshToken.getId();
        refreshToken.getOtherClaims().put(RefreshFlow.FAMILY_CLAIM, familyId);
        long now = Time.currentTimeMillis();
        RefreshTokenFamily family = RefreshTokenFamily.start(familyId, refreshToken.getId(), RefreshTokenFamily.issuedAtMillis(refreshToken.getIat(), now),
                refreshToken.getExp());
        int cap = FamilyCap.of(session);
        family.save(RefreshFlow.notesOf(holderSession));
        FamilyPruning.prune(holderSession, familyId, now, cap);
        if (TokenUtil.TOKEN_TYPE_OFFLINE.equals(refreshToken.getType())) {
            // The offline client session was copied from the online one before this token existed.
            AuthenticatedClientSessionModel offline = offlineClientSession(holderSession);
            if (offline != null) {
                family.save(RefreshFlow.notesOf(offline));
                FamilyPruning.prune(offline, familyId, now, cap);
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
}
