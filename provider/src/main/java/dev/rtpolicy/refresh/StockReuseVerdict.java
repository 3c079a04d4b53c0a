package dev.rtpolicy.refresh;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.RefreshToken;

/**
 * Stock Keycloak's verdict on a refresh token issued before the extension was installed (no family claim), read
 * from the reuse state stock keeps in the client session for "Revoke Refresh Token": the notes
 * {@code refreshTokenPrefix}, {@code refreshTokenUsePrefix} and {@code refreshTokenLastRefreshPrefix} + the token's
 * {@code reuse_id} (26.7.3: {@code TokenManager.validateTokenReuse}, {@code AbstractRefreshTokenProvider
 * .validateTokenReuseForRefresh}). Such a token is honoured only if stock would honour it at that moment, and at
 * most one token of a stock chain is ever honoured: the first one founds a family and the take-over is recorded,
 * so every other token of that chain is refused from then on, by id.
 */
final class StockReuseVerdict {

    private static final Logger logger = Logger.getLogger(StockReuseVerdict.class);

    /** Client-session note, + the chain's reuse key: the id of the stock token that founded a family. */
    static final String TAKE_OVER_PREFIX = "rtp.stock.";

    enum Verdict {
        /** Stock would honour it now. */
        HONOURED,
        /** Another token of its stock chain already founded a family. */
        TAKEN_OVER,
        /** A newer token of its chain was issued ({@code iat} before the chain's last refresh). */
        STALE,
        /** The chain's last presented token, used more often than {@code refreshTokenMaxReuse} allows. */
        REUSE_EXCEEDED,
        /** Stock's notes cannot be read (stock itself would fail with a 500): refused. */
        UNREADABLE
    }

    private StockReuseVerdict() {
    }

    /** Whether the token (issued before installation) may refresh now; logs the verdict at DEBUG. */
    static boolean honours(RealmModel realm, AuthenticatedClientSessionModel clientSession, RefreshToken token) {
        Verdict verdict = judge(RefreshFlow.notesOf(clientSession), reuseKey(token), token.getId(), token.getIat(),
                realm.isRevokeRefreshToken(), realm.getRefreshTokenMaxReuse());
        logger.debugf("Refresh token issued before installation, client %s, realm %s: %s", clientSession.getClient().getClientId(),
                realm.getName(), verdict);
        return verdict == Verdict.HONOURED;
    }

    /**
     * The verdict. Mirrors {@code validateTokenReuse} with its refresh flag (the count of a token other than the
     * last presented one starts at 0), and is stricter where the notes allow: a recorded take-over refuses the whole
     * chain by id, also a token issued in the same second as the chain's newest (keycloak#50999); a newer token
     * makes an older one stale even without a last-presented note; unreadable notes refuse instead of failing.
     * With "Revoke Refresh Token" off, stock honours every unexpired token, and so does this.
     */
    static Verdict judge(RefreshTokenFamily.Notes notes, String reuseKey, String tokenId, long iat, boolean revokeRefreshToken, int maxReuse) {
        if (notes.get(TAKE_OVER_PREFIX + reuseKey) != null) {
            return Verdict.TAKEN_OVER;
        }
        if (!revokeRefreshToken) {
            return Verdict.HONOURED;
        }
        String lastPresented = notes.get(AuthenticatedClientSessionModel.REFRESH_TOKEN_PREFIX + reuseKey);
        int uses;
        int lastRefresh;
        try {
            uses = count(notes.get(AuthenticatedClientSessionModel.REFRESH_TOKEN_USE_PREFIX + reuseKey));
            lastRefresh = count(notes.get(AuthenticatedClientSessionModel.REFRESH_TOKEN_LAST_REFRESH_PREFIX + reuseKey));
        } catch (NumberFormatException e) {
            return Verdict.UNREADABLE;
        }
        boolean isLastPresented = tokenId.equals(lastPresented);
        if (!isLastPresented && iat < lastRefresh) {
            return Verdict.STALE;
        }
        if (isLastPresented && uses > maxReuse) {
            return Verdict.REUSE_EXCEEDED;
        }
        return Verdict.HONOURED;
    }

    /**
     * Records that the honoured token founded a family: the take-over mark, and stock's own notes as stock would
     * have written them on this refresh, so stock's verdict on the rest of the chain is "stale" too (should the
     * extension be uninstalled). With "Revoke Refresh Token" off there is no chain to retire.
     */
    static void recordTakeOver(RealmModel realm, AuthenticatedClientSessionModel clientSession, RefreshToken token) {
        recordTakeOver(RefreshFlow.notesOf(clientSession), reuseKey(token), token.getId(), realm.isRevokeRefreshToken());
    }

    static void recordTakeOver(RefreshTokenFamily.Notes notes, String reuseKey, String tokenId, boolean revokeRefreshToken) {
        if (!revokeRefreshToken) {
            return;
        }
        notes.set(TAKE_OVER_PREFIX + reuseKey, tokenId);
        String useKey = AuthenticatedClientSessionModel.REFRESH_TOKEN_USE_PREFIX + reuseKey;
        int uses = tokenId.equals(notes.get(AuthenticatedClientSessionModel.REFRESH_TOKEN_PREFIX + reuseKey)) ? countOrZero(notes.get(useKey)) : 0;
        notes.set(AuthenticatedClientSessionModel.REFRESH_TOKEN_PREFIX + reuseKey, tokenId);
        notes.set(useKey, String.valueOf(uses + 1));
    }

    /**
     * Whether this token (issued before installation) founded a family, as recorded with "Revoke Refresh Token" on:
     * once its client session no longer holds that family (revoked, or dropped by {@link FamilyPruning}), the token
     * is of an unknown family, never reuse of its chain. With the flag off nothing is recorded, and stock honours
     * every unexpired token: such a token is then judged as stock would.
     */
    static boolean foundedAFamily(AuthenticatedClientSessionModel clientSession, RefreshToken token) {
        return !token.getOtherClaims().containsKey(RefreshFlow.FAMILY_CLAIM) && foundedAFamily(RefreshFlow.notesOf(clientSession), reuseKey(token), token.getId());
    }

    static boolean foundedAFamily(RefreshTokenFamily.Notes notes, String reuseKey, String tokenId) {
        return tokenId.equals(notes.get(TAKE_OVER_PREFIX + reuseKey));
    }

    /** Stock's key: the {@code reuse_id} claim, or "" for tokens issued while "Revoke Refresh Token" was off. */
    static String reuseKey(RefreshToken token) {
        Object reuseId = token.getOtherClaims().get(Constants.REUSE_ID);
        return reuseId == null ? "" : String.valueOf(reuseId);
    }

    private static int count(String note) {
        if (note == null) {
            return 0;
        }
        int value = Integer.parseInt(note);
        if (value < 0) {
            throw new NumberFormatException("negative");
        }
        return value;
    }

    private static int countOrZero(String note) {
        try {
            return count(note);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
