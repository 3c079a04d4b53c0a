package dev.rtpolicy.refresh;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rtpolicy.refresh.RefreshTokenFamily.Presentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefreshTokenFamilyTest {

    private final Map<String, String> store = new HashMap<>();
    private final RefreshTokenFamily.Notes notes = RefreshTokenFamily.Notes.of(store::get, store::put);

    @Test
    void classifyWhenFamilyJustStartedThenFirstTokenIsCurrent() {
        RefreshTokenFamily.start("f", "rt1", 0, null).save(notes);

        assertEquals(Presentation.CURRENT, RefreshTokenFamily.load(notes, "f", 0).classify("rt1", 0, 0));
    }

    @Test
    void classifyWhenSuccessorUsedWithoutRotatingThenPredecessorRetiredEvenInsideGrace() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 0, null);
        family.rotate("rt2", 1_000, null);
        assertEquals(Presentation.GRACE_RETRY, family.classify("rt1", 2_000, 60));

        assertTrue(family.closeGrace());
        family.save(notes);

        RefreshTokenFamily loaded = RefreshTokenFamily.load(notes, "f", 0);
        assertEquals(Presentation.RETIRED, loaded.classify("rt1", 2_000, 60));
        assertEquals(Presentation.CURRENT, loaded.classify("rt2", 2_000, 60));
        assertFalse(loaded.closeGrace(), "nothing left to close");
    }

    @Test
    void classifyWhenRotatedThenPredecessorRetiredAndSuccessorCurrent() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 0, null);
        family.rotate("rt2", 1_000, null);
        family.save(notes);

        RefreshTokenFamily loaded = RefreshTokenFamily.load(notes, "f", 0);
        assertEquals(Presentation.RETIRED, loaded.classify("rt1", 1_000, 0));
        assertEquals(Presentation.CURRENT, loaded.classify("rt2", 1_000, 0));
    }

    @Test
    void classifyWhenRotatedTwiceInSameMillisecondThenFirstIsStillRetired() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 0, null);
        family.rotate("rt2", 5, null);
        family.rotate("rt3", 5, null);

        assertEquals(Presentation.RETIRED, family.classify("rt1", 5, 300), "keycloak#50999: ids, not time, decide");
        assertEquals(Presentation.GRACE_RETRY, family.classify("rt2", 5, 300));
    }

    @Test
    void classifyWhenRetriedWithinGraceThenGraceRetryAndAfterwardsRetired() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 0, null);
        family.rotate("rt2", 10_000, null);

        assertEquals(Presentation.GRACE_RETRY, family.classify("rt1", 10_000 + 30_000, 30));
        assertEquals(Presentation.RETIRED, family.classify("rt1", 10_000 + 30_001, 30));
        assertEquals(Presentation.RETIRED, family.classify("rt1", 10_000, 0), "grace 0 means no retries");
    }

    @Test
    void classifyWhenSuccessorUsedThenGraceWindowClosed() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 0, null);
        family.rotate("rt2", 0, null);
        family.rotate("rt3", 1, null);

        assertEquals(Presentation.RETIRED, family.classify("rt1", 2, 300));
    }

    @Test
    void stateIsOneNoteOfConstantSize() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "a".repeat(36), 0, null);
        for (int i = 0; i < 5_000; i++) {
            family.rotate(String.format("%036d", i), i, null);
        }
        family.save(notes);

        assertEquals(1, store.size());
        assertEquals(36 + 1 + 36 + 1 + 4 + 1 + 1 + 1 + 1, store.get(RefreshTokenFamily.NOTE_PREFIX + "f").length());
    }

    @Test
    void loadWhenAbsentOrCorruptThenNull() {
        assertNull(RefreshTokenFamily.load(notes, "missing", 0));
        store.put(RefreshTokenFamily.NOTE_PREFIX + "bad", "only-one-part");
        assertNull(RefreshTokenFamily.load(notes, "bad", 0));
        store.put(RefreshTokenFamily.NOTE_PREFIX + "bad2", "a b not-a-number");
        assertNull(RefreshTokenFamily.load(notes, "bad2", 0));
    }

    @Test
    void startTimeIsKeptAcrossRotations() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 7_000, null);
        family.rotate("rt2", 9_000, null);
        family.save(notes);

        assertEquals(7_000, RefreshTokenFamily.load(notes, "f", 1).startedAtMillis());
    }

    @Test
    void loadWhenNoteWrittenByThePreviousVersionThenItsFamilyStartedWithTheClientSession() {
        store.put(RefreshTokenFamily.NOTE_PREFIX + "f", "rt2 rt1 9000");

        RefreshTokenFamily family = RefreshTokenFamily.load(notes, "f", 3_000);

        assertEquals(3_000, family.startedAtMillis(), "the earliest it can have started: never lengthens an authorization");
        assertEquals(Presentation.CURRENT, family.classify("rt2", 9_000, 0));
        assertEquals(Presentation.GRACE_RETRY, family.classify("rt1", 9_000, 30), "rotation state is read as before");
        family.save(notes);
        assertEquals("rt2 rt1 9000 3000 0", store.get(RefreshTokenFamily.NOTE_PREFIX + "f"), "saved in the new format from then on");
    }

    @Test
    void saveThenLoadKeepsTheCurrentTokensExpiry() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 1_000, 100L);
        family.rotate("rt2", 2_000, 200L);
        family.save(notes);

        RefreshTokenFamily loaded = RefreshTokenFamily.load(notes, "f", 0);
        assertFalse(loaded.expiredAt(200_999), "valid through the second of its exp");
        assertTrue(loaded.expiredAt(201_000));
        assertEquals(2_000, loaded.lastIssuedMillis());
    }

    @Test
    void expiredAtWhenTokenHasNoExpiryOrNoteFromBeforeExpiriesWereKeptThenNever() {
        RefreshTokenFamily.start("f", "rt1", 0, null).save(notes);
        store.put(RefreshTokenFamily.NOTE_PREFIX + "old", "rt2 rt1 9000 1000");

        assertFalse(RefreshTokenFamily.load(notes, "f", 0).expiredAt(Long.MAX_VALUE / 2));
        assertFalse(RefreshTokenFamily.load(notes, "old", 0).expiredAt(Long.MAX_VALUE / 2));
    }

    @Test
    void reissuedWhenGraceRetryExpiresLaterThenFamilyLivesAsLongAsItsLatestCopy() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 0, 100L);

        assertFalse(family.reissued(90L), "an earlier copy does not shorten it");
        assertTrue(family.reissued(110L));
        assertFalse(family.expiredAt(110_500));
    }

    @Test
    void issuedAtMillisWhenClockReadAfterTheTokenThenKeptWithinTheSecondOfItsIat() {
        assertEquals(5_250, RefreshTokenFamily.issuedAtMillis(5, 5_250));
        assertEquals(5_999, RefreshTokenFamily.issuedAtMillis(5, 6_010), "the clock moved on to the next second");
        assertEquals(5_000, RefreshTokenFamily.issuedAtMillis(5, 4_990), "never before the iat");
    }

    @Test
    void startedAtWhenKeptToTheMillisecondThenAuthorizationCountsFromTheWholeSecondOfTheFirstIat() {
        RefreshTokenFamily.start("f", "rt1", RefreshTokenFamily.issuedAtMillis(7, 7_640), null).save(notes);

        RefreshTokenFamily family = RefreshTokenFamily.load(notes, "f", 0);

        assertEquals(7_000, family.startedAtMillis());
        assertEquals(7_640, family.lastIssuedMillis());
    }

    @Test
    void loadWhenNoteHoldsADroppedFamilysLeftoverThenUnknownFamily() {
        store.put(RefreshTokenFamily.NOTE_PREFIX + "f", FamilyNotes.DROPPED);

        assertEquals(null, RefreshTokenFamily.load(notes, "f", 0));
    }

    @Test
    void expiredAtWhenRetiredTokenOutlivesItsSuccessorThenFamilyLivesUntilTheLatestExp() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 0, 1_000L);
        family.rotate("rt2", 10, 100L);

        assertFalse(family.expiredAt(101_000), "rt1 can still be replayed: the family must meet it as reuse");
        assertTrue(family.expiredAt(1_001_000));
    }

    @Test
    void expiredAtWhenAnyTokenOfTheFamilyHasNoExpThenNever() {
        RefreshTokenFamily family = RefreshTokenFamily.start("f", "rt1", 0, 1_000L);
        family.rotate("rt2", 10, null);
        family.rotate("rt3", 20, 2_000L);

        assertFalse(family.expiredAt(Long.MAX_VALUE / 2));
    }
}
