package dev.rtpolicy.refresh;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rtpolicy.refresh.RotationDecision.Presented;
import dev.rtpolicy.refresh.RotationDecision.Verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotationDecisionTest {

    private static final BooleanSupplier STOCK_NEVER_ASKED = () -> {
        throw new AssertionError("stock's verdict is only for tokens without a family claim");
    };
    private static final long ROTATED_AT = 100_000;

    private final Map<String, String> store = new HashMap<>();
    private final RefreshTokenFamily.Notes notes = RefreshTokenFamily.Notes.of(store::get, store::put);

    // ---- admission -----------------------------------------------------------------------------------------------

    @Test
    void admitWhenClientGrantOffThenUnauthorizedClientWhateverTheScope() {
        assertEquals(Verdict.UNAUTHORIZED_CLIENT, RotationDecision.admit(false, Set.of("read"), Set.of("read")));
        assertEquals(Verdict.UNAUTHORIZED_CLIENT, RotationDecision.admit(false, Set.of("read"), Set.of("admin")));
    }

    @Test
    void admitWhenScopeNamesUngrantedScopeThenInvalidScope() {
        assertEquals(Verdict.INVALID_SCOPE, RotationDecision.admit(true, Set.of("openid", "read"), Set.of("read", "write")));
    }

    @Test
    void admitWhenScopeAbsentOrNarrowingThenAdmitted() {
        assertEquals(Verdict.ADMITTED, RotationDecision.admit(true, Set.of("openid", "read"), null));
        assertEquals(Verdict.ADMITTED, RotationDecision.admit(true, Set.of("openid", "read"), Set.of("read")));
        assertEquals(Verdict.ADMITTED, RotationDecision.admit(true, Set.of("openid", "read"), Set.of("openid", "read")));
    }

    // ---- the family's tokens -------------------------------------------------------------------------------------

    @Test
    void decideWhenCurrentTokenThenRotateOrKeepAsConfigured() {
        RefreshTokenFamily family = rotatedOnce();

        assertEquals(Verdict.ROTATE, decide("rt2", family, ROTATED_AT + 1, 0, true));
        assertEquals(Verdict.KEEP, decide("rt2", family, ROTATED_AT + 1, 0, false));
    }

    @Test
    void decideWhenRetiredTokenThenReuseWhetherRotatingOrNot() {
        RefreshTokenFamily family = rotatedOnce();

        assertEquals(Verdict.REUSE, decide("rt1", family, ROTATED_AT + 1, 0, true));
        assertEquals(Verdict.REUSE, decide("rt1", family, ROTATED_AT + 1, 0, false));
    }

    @Test
    void decideWhenRetiredTokenRetriedAtTheGraceEdgesThenGraceRetryUpToTheLastMillisecondOnly() {
        RefreshTokenFamily family = rotatedOnce();

        assertEquals(Verdict.GRACE_RETRY, decide("rt1", family, ROTATED_AT, 30, true), "in the same millisecond");
        assertEquals(Verdict.GRACE_RETRY, decide("rt1", family, ROTATED_AT + 30_000, 30, true), "at the last millisecond");
        assertEquals(Verdict.REUSE, decide("rt1", family, ROTATED_AT + 30_001, 30, true), "one millisecond later");
        assertEquals(Verdict.REUSE, decide("rt1", family, ROTATED_AT, 0, true), "grace 0: no retries");
    }

    @Test
    void decideWhenGraceRetryButRotationTurnedOffSinceThenServedLikeTheCurrentToken() {
        assertEquals(Verdict.KEEP, decide("rt1", rotatedOnce(), ROTATED_AT + 1, 30, false));
    }

    @Test
    void decideWhenTwoRotationsInTheSameMillisecondThenTheFirstTokenIsReuseEvenWithinGrace() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 0, null);
        family.rotate("rt2", ROTATED_AT, null);
        family.rotate("rt3", ROTATED_AT, null);

        // keycloak#50999: ids decide, not time; only the token retired last may be retried
        assertEquals(Verdict.REUSE, decide("rt1", family, ROTATED_AT, 300, true));
        assertEquals(Verdict.GRACE_RETRY, decide("rt2", family, ROTATED_AT, 300, true));
        assertEquals(Verdict.ROTATE, decide("rt3", family, ROTATED_AT, 300, true));
    }

    @Test
    void decideWhenTokenOfAnotherFamilyNeverIssuedHereThenReuse() {
        assertEquals(Verdict.REUSE, decide("rt-unknown", rotatedOnce(), ROTATED_AT + 1, 300, true));
    }

    @Test
    void decideWhenFamilyClaimButNoStateThenUnknownFamily() {
        assertEquals(Verdict.UNKNOWN_FAMILY, RotationDecision.decide(new Presented("rt1", true), null, 0, 30, true, STOCK_NEVER_ASKED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "rt1", "rt1 rt0", "rt1  x", "rt1 rt0 1 2 3 4", "rt1 rt0 1 2 not-a-number", "rt1 rt0 1 not-a-number", "rt2 rt1 not-a-number"})
    void decideWhenFamilyNoteCorruptThenUnknownFamilyNeverTrusted(String corrupt) {
        store.put(RefreshTokenFamily.NOTE_PREFIX + "f", corrupt);

        RefreshTokenFamily family = RefreshTokenFamily.load(notes, "f", 0);

        assertEquals(Verdict.UNKNOWN_FAMILY, RotationDecision.decide(new Presented("rt1", true), family, 0, 30, true, STOCK_NEVER_ASKED));
    }

    // ---- authorization lifetime -------------------------------------------------------------------------------------

    @Test
    void decideWhenFamilyEndedThenAuthorizationExpiredWhetherRotatingOrNot() {
        long end = ROTATED_AT + 5_000;

        assertEquals(Verdict.ROTATE, decideUntil("rt2", end - 1, 0, true, end));
        assertEquals(Verdict.AUTHORIZATION_EXPIRED, decideUntil("rt2", end, 0, true, end), "the end is exclusive");
        assertEquals(Verdict.KEEP, decideUntil("rt2", end - 1, 0, false, end));
        assertEquals(Verdict.AUTHORIZATION_EXPIRED, decideUntil("rt2", end, 0, false, end), "rotation off: the kept token stops too");
        assertEquals(Verdict.AUTHORIZATION_EXPIRED, decideUntil("rt1", end, 300_000, true, end), "a grace retry gets the same end");
    }

    @Test
    void decideWhenFamilyEndedThenRetiredTokenIsStillReuseAndUnknownStillUnknown() {
        long end = ROTATED_AT + 5_000;

        assertEquals(Verdict.REUSE, decideUntil("rt1", end + 1, 0, true, end), "the reuse response still follows a replay");
        assertEquals(Verdict.UNKNOWN_FAMILY, RotationDecision.decide(new Presented("rt1", true), null, end + 1, 0, true, STOCK_NEVER_ASKED, end));
    }

    @Test
    void decideWhenNoAuthorizationLifetimeThenNoEnd() {
        assertEquals(Verdict.ROTATE, decideUntil("rt2", Long.MAX_VALUE - 1, 0, true, 0));
    }

    @Test
    void isCurrentWhenFamilyEndedThenFalse() {
        long end = ROTATED_AT + 5_000;

        assertTrue(RotationDecision.isCurrent(new Presented("rt2", true), rotatedOnce(), end - 1, STOCK_NEVER_ASKED, end));
        assertFalse(RotationDecision.isCurrent(new Presented("rt2", true), rotatedOnce(), end, STOCK_NEVER_ASKED, end));
    }

    // ---- tokens issued before installation -------------------------------------------------------------------------

    @Test
    void decideWhenTokenFromBeforeInstallationThenStockDecides() {
        assertEquals(Verdict.ROTATE, RotationDecision.decide(new Presented("legacy", false), null, 0, 0, true, () -> true));
        assertEquals(Verdict.KEEP, RotationDecision.decide(new Presented("legacy", false), null, 0, 0, false, () -> true));
        assertEquals(Verdict.REUSE, RotationDecision.decide(new Presented("legacy", false), null, 0, 0, true, () -> false));
        assertEquals(Verdict.REUSE, RotationDecision.decide(new Presented("legacy", false), null, 0, 30, false, () -> false));
    }

    @Test
    void decideWhenTokenFromBeforeInstallationFoundedItsFamilyThenItsFamilyDecidesAndStockIsNotAsked() {
        RefreshTokenFamily founded = RefreshTokenFamily.start("legacy", "legacy", 0, null);
        founded.rotate("rt2", ROTATED_AT, null);

        assertEquals(Verdict.REUSE, RotationDecision.decide(new Presented("legacy", false), founded, ROTATED_AT + 1, 0, true, STOCK_NEVER_ASKED));
    }

    // ---- introspection ---------------------------------------------------------------------------------------------

    @Test
    void isCurrentOnlyForTheFamilysCurrentTokenNeverForAGraceRetry() {
        RefreshTokenFamily family = rotatedOnce();

        assertTrue(RotationDecision.isCurrent(new Presented("rt2", true), family, ROTATED_AT, STOCK_NEVER_ASKED));
        assertFalse(RotationDecision.isCurrent(new Presented("rt1", true), family, ROTATED_AT, STOCK_NEVER_ASKED));
        assertFalse(RotationDecision.isCurrent(new Presented("rt1", true), null, ROTATED_AT, STOCK_NEVER_ASKED));
        assertTrue(RotationDecision.isCurrent(new Presented("legacy", false), null, ROTATED_AT, () -> true));
        assertFalse(RotationDecision.isCurrent(new Presented("legacy", false), null, ROTATED_AT, () -> false));
    }

    private static RefreshTokenFamily rotatedOnce() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 0, null);
        family.rotate("rt2", ROTATED_AT, null);
        return family;
    }

    private static Verdict decideUntil(String tokenId, long now, int grace, boolean rotate, long authorizationEnd) {
        return RotationDecision.decide(new Presented(tokenId, true), rotatedOnce(), now, grace, rotate, STOCK_NEVER_ASKED, authorizationEnd);
    }

    private static Verdict decide(String tokenId, RefreshTokenFamily family, long now, int grace, boolean rotate) {
        return RotationDecision.decide(new Presented(tokenId, true), family, now, grace, rotate, STOCK_NEVER_ASKED);
    }
}
