package dev.rtpolicy.refresh;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.RefreshToken;

import dev.rtpolicy.refresh.StockReuseVerdict.Verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keycloak.models.AuthenticatedClientSessionModel.REFRESH_TOKEN_LAST_REFRESH_PREFIX;
import static org.keycloak.models.AuthenticatedClientSessionModel.REFRESH_TOKEN_PREFIX;
import static org.keycloak.models.AuthenticatedClientSessionModel.REFRESH_TOKEN_USE_PREFIX;

/**
 * Stock's chain RT1 → RT2 → RT3 with "Revoke Refresh Token" on, as stock leaves its notes: RT2 was the last one
 * presented (used once), RT3 (issued at {@code T3}) is the newest.
 */
class StockReuseVerdictTest {

    private static final String CHAIN = "reuse-1";
    private static final long T1 = 1_000;
    private static final long T2 = 1_010;
    private static final long T3 = 1_020;

    private final Map<String, String> store = new HashMap<>();
    private final RefreshTokenFamily.Notes notes = RefreshTokenFamily.Notes.of(store::get, store::put);

    private void stockRotatedTwice() {
        store.put(REFRESH_TOKEN_PREFIX + CHAIN, "rt2");
        store.put(REFRESH_TOKEN_USE_PREFIX + CHAIN, "1");
        store.put(REFRESH_TOKEN_LAST_REFRESH_PREFIX + CHAIN, Long.toString(T3));
    }

    private Verdict judge(String tokenId, long iat, int maxReuse) {
        return StockReuseVerdict.judge(notes, CHAIN, tokenId, iat, true, maxReuse);
    }

    @Test
    void judgeWhenChainNeverRefreshedThenLoginTokenHonoured() {
        assertEquals(Verdict.HONOURED, judge("rt1", T1, 0));
    }

    @Test
    void judgeWhenNewestTokenOfRotatedChainThenHonoured() {
        stockRotatedTwice();

        assertEquals(Verdict.HONOURED, judge("rt3", T3, 0));
    }

    @Test
    void judgeWhenOlderTokenThanNewestThenStale() {
        stockRotatedTwice();

        assertEquals(Verdict.STALE, judge("rt1", T1, 0));
        assertEquals(Verdict.STALE, judge("rt1", T1, 5), "max reuse counts uses of one token, it does not revive older ones");
    }

    @Test
    void judgeWhenLastPresentedTokenAndMaxReuseZeroThenReuseExceeded() {
        stockRotatedTwice();

        assertEquals(Verdict.REUSE_EXCEEDED, judge("rt2", T2, 0));
    }

    @Test
    void judgeWhenLastPresentedTokenWithinMaxReuseThenHonouredAndBeyondItExceeded() {
        stockRotatedTwice();

        assertEquals(Verdict.HONOURED, judge("rt2", T2, 1), "used once, one reuse allowed");
        store.put(REFRESH_TOKEN_USE_PREFIX + CHAIN, "2");
        assertEquals(Verdict.REUSE_EXCEEDED, judge("rt2", T2, 1));
    }

    @Test
    void judgeWhenOlderTokenIssuedInSameSecondAsNewestThenHonouredLikeStockUntilTakeOver() {
        // keycloak#50999: RT1, RT2, RT3 in one second; the notes cannot tell RT1 from RT3, stock honours both
        store.put(REFRESH_TOKEN_PREFIX + CHAIN, "rt2");
        store.put(REFRESH_TOKEN_USE_PREFIX + CHAIN, "1");
        store.put(REFRESH_TOKEN_LAST_REFRESH_PREFIX + CHAIN, Long.toString(T1));
        assertEquals(Verdict.HONOURED, judge("rt1", T1, 0));
        assertEquals(Verdict.HONOURED, judge("rt3", T1, 0));

        StockReuseVerdict.recordTakeOver(notes, CHAIN, "rt3", true);

        assertEquals(Verdict.TAKEN_OVER, judge("rt1", T1, 0), "refused by id once one token of the chain founded a family");
    }

    @Test
    void judgeWhenLastRefreshRecordedWithoutLastPresentedTokenThenOlderTokenStale() {
        // stock skips its staleness check without a last-presented note; a newer token still makes this one stale
        store.put(REFRESH_TOKEN_LAST_REFRESH_PREFIX + CHAIN, Long.toString(T3));

        assertEquals(Verdict.STALE, judge("rt1", T1, 0));
    }

    @Test
    void judgeWhenTakenOverThenEveryOtherTokenOfTheChainRefusedEvenWithinMaxReuse() {
        stockRotatedTwice();
        StockReuseVerdict.recordTakeOver(notes, CHAIN, "rt3", true);

        assertEquals(Verdict.TAKEN_OVER, judge("rt2", T2, 10));
        assertEquals(Verdict.TAKEN_OVER, judge("rt1", T1, 10));
        assertEquals(Verdict.TAKEN_OVER, StockReuseVerdict.judge(notes, CHAIN, "rt2", T2, false, 0),
                "switching stock's flag off afterwards revives nothing");
    }

    @Test
    void judgeWhenOtherChainTakenOverThenThisChainJudgedOnItsOwn() {
        stockRotatedTwice();
        StockReuseVerdict.recordTakeOver(notes, "reuse-2", "other", true);

        assertEquals(Verdict.HONOURED, judge("rt3", T3, 0));
    }

    @Test
    void judgeWhenRevokeRefreshTokenOffThenEveryTokenHonoured() {
        stockRotatedTwice();

        assertEquals(Verdict.HONOURED, StockReuseVerdict.judge(notes, "", "rt1", T1, false, 0));
        assertEquals(Verdict.HONOURED, StockReuseVerdict.judge(notes, CHAIN, "rt1", T1, false, 0));
    }

    @Test
    void recordTakeOverWhenRevokeRefreshTokenOffThenNothingRecordedAndChainMatesStayHonoured() {
        StockReuseVerdict.recordTakeOver(notes, "", "rt1", false);

        assertEquals(Map.of(), store);
        assertEquals(Verdict.HONOURED, StockReuseVerdict.judge(notes, "", "rt2", T2, false, 0));
    }

    @Test
    void recordTakeOverThenStockNotesSayStaleForTheRestOfTheChain() {
        stockRotatedTwice();

        StockReuseVerdict.recordTakeOver(notes, CHAIN, "rt3", true);
        store.put(REFRESH_TOKEN_LAST_REFRESH_PREFIX + CHAIN, Long.toString(T3 + 5)); // stock's own write when the successor is minted

        assertEquals("rt3", store.get(REFRESH_TOKEN_PREFIX + CHAIN));
        assertEquals("1", store.get(REFRESH_TOKEN_USE_PREFIX + CHAIN));
        store.remove(StockReuseVerdict.TAKE_OVER_PREFIX + CHAIN); // stock's view alone, as after uninstalling
        assertEquals(Verdict.STALE, judge("rt1", T1, 0));
        assertEquals(Verdict.STALE, judge("rt2", T2, 0));
        assertEquals(Verdict.REUSE_EXCEEDED, judge("rt3", T3, 0));
    }

    @Test
    void recordTakeOverWhenLastPresentedTokenReusedThenItsUseCountGrows() {
        stockRotatedTwice();

        StockReuseVerdict.recordTakeOver(notes, CHAIN, "rt2", true);

        assertEquals("2", store.get(REFRESH_TOKEN_USE_PREFIX + CHAIN));
    }

    @Test
    void judgeWhenNotesCorruptThenUnreadableNotHonoured() {
        stockRotatedTwice();
        store.put(REFRESH_TOKEN_USE_PREFIX + CHAIN, "x");
        assertEquals(Verdict.UNREADABLE, judge("rt2", T2, 0));
        assertEquals(Verdict.UNREADABLE, judge("rt3", T3, 0));

        store.put(REFRESH_TOKEN_USE_PREFIX + CHAIN, "1");
        store.put(REFRESH_TOKEN_LAST_REFRESH_PREFIX + CHAIN, "-5");
        assertEquals(Verdict.UNREADABLE, judge("rt3", T3, 0));

        store.put(REFRESH_TOKEN_LAST_REFRESH_PREFIX + CHAIN, "99999999999");
        assertEquals(Verdict.UNREADABLE, judge("rt3", T3, 0));
    }

    @Test
    void reuseKeyIsTheReuseIdClaimOrEmptyAsStockHasIt() throws Exception {
        RefreshToken withChain = refreshToken();
        withChain.getOtherClaims().put("reuse_id", CHAIN);

        assertEquals(CHAIN, StockReuseVerdict.reuseKey(withChain));
        assertEquals("", StockReuseVerdict.reuseKey(refreshToken()));
    }

    /** A refresh token as Keycloak reads one (the constructors differ between lines). */
    private static RefreshToken refreshToken() throws java.io.IOException {
        return org.keycloak.util.JsonSerialization.readValue("{\"typ\":\"Refresh\"}", RefreshToken.class);
    }

    @Test
    void foundedAFamilyWhenThisTokenTookTheChainOverThenTrueAndForItsChainMatesFalse() {
        stockRotatedTwice();
        StockReuseVerdict.recordTakeOver(notes, CHAIN, "rt3", true);

        assertTrue(StockReuseVerdict.foundedAFamily(notes, CHAIN, "rt3"), "its family, once gone, is an unknown family");
        assertFalse(StockReuseVerdict.foundedAFamily(notes, CHAIN, "rt2"), "a chain mate stays reuse");
        assertFalse(StockReuseVerdict.foundedAFamily(notes, "reuse-2", "rt3"));
    }
}
