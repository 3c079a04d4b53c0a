package dev.rtpolicy.refresh;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rtpolicy.refresh.RefreshTokenFamily.Presentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotationClaimTest {

    private final Map<String, String> notes = new HashMap<>();
    private final RefreshTokenFamily.Notes familyNotes = RefreshTokenFamily.Notes.of(notes::get, notes::put);
    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects();

    @Test
    void claimWhenTwoRequestsReadTheSameCurrentTokenThenOnlyTheFirstRotates() {
        RefreshTokenFamily.start("f", "rt1", 0, null).save(familyNotes);
        // both read the family before either committed: each sees rt1 as current
        RefreshTokenFamily first = RefreshTokenFamily.load(familyNotes, "f", 0);
        RefreshTokenFamily late = RefreshTokenFamily.load(familyNotes, "f", 0);
        assertEquals(Presentation.CURRENT, first.classify("rt1", 0, 0));
        assertEquals(Presentation.CURRENT, late.classify("rt1", 0, 0));

        assertTrue(RotationClaim.claim(store, RotationClaim.key("f", "rt1")));
        first.rotate("rt2", 1, null);
        first.save(familyNotes);

        assertFalse(RotationClaim.claim(store, RotationClaim.key("f", "rt1")), "the late request never mints a second successor");
        assertEquals("rt2", RefreshTokenFamily.load(familyNotes, "f", 0).currentTokenId());
    }

    @Test
    void claimWhenSuccessorIsRotatedThenItsOwnClaimIsFree() {
        assertTrue(RotationClaim.claim(store, RotationClaim.key("f", "rt1")));

        assertTrue(RotationClaim.claim(store, RotationClaim.key("f", "rt2")));
    }

    @Test
    void claimWhenOtherFamilyHasTokenOfSameIdThenIndependent() {
        assertTrue(RotationClaim.claim(store, RotationClaim.key("f", "rt1")));

        assertTrue(RotationClaim.claim(store, RotationClaim.key("g", "rt1")));
    }

    @Test
    void claimWhenStoredThenForLongerThanAnyRequestHoldsItsLock() {
        RotationClaim.claim(store, RotationClaim.key("f", "rt1"));

        assertTrue(store.lifespans.get(RotationClaim.key("f", "rt1")) > 4 * LockLease.TTL_SECONDS);
    }
}
