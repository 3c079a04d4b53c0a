package dev.rtpolicy.refresh;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FamilyPruningTest {

    private static final long NOW = 1_000_000_000L;
    private static final long NOW_SECONDS = NOW / 1000;

    private final Map<String, String> notes = new HashMap<>();
    private final RefreshTokenFamily.Notes familyNotes = RefreshTokenFamily.Notes.of(notes::get, notes::put);

    @Test
    void pruneWhenFamiliesUnexpiredAndWithinCapThenNothingDropped() {
        family("a", 1, NOW_SECONDS + 60);
        family("b", 2, NOW_SECONDS + 60);
        family("kept", 3, NOW_SECONDS + 60);

        assertEquals(List.of(), drop(3));
    }

    @Test
    void pruneWhenCurrentTokenExpiredThenFamilyDropped() {
        family("expired", 1, NOW_SECONDS - 1);
        family("valid", 2, NOW_SECONDS + 60);

        assertEquals(List.of(key("expired")), drop(100));
    }

    @Test
    void pruneWhenTokenExpiresThisSecondThenKeptAsKeycloakStillAcceptsIt() {
        family("last-second", 1, NOW_SECONDS);

        assertEquals(List.of(), drop(100));
    }

    @Test
    void pruneWhenTokenHasNoExpiryOrNoteFromBeforeExpiriesWereKeptThenNeverDroppedForExpiry() {
        family("offline-without-exp", 1, 0);
        notes.put(key("four-parts"), "rt rt0 5 1");
        notes.put(key("three-parts"), "rt rt0 5");

        assertEquals(List.of(), drop(100));
    }

    @Test
    void pruneWhenBeyondCapThenLeastRecentlyIssuedDroppedAndKeptFamilyStays() {
        family("kept", 0, NOW_SECONDS + 60);
        family("old", 10, NOW_SECONDS + 60);
        family("older", 5, NOW_SECONDS + 60);
        family("newest", 30, NOW_SECONDS + 60);
        RefreshTokenFamily refreshedLately = RefreshTokenFamily.start("started-first-refreshed-last", "rt", 1, NOW_SECONDS + 60);
        refreshedLately.rotate("rt2", 40, NOW_SECONDS + 60);
        refreshedLately.save(familyNotes);

        List<String> dropped = drop(3);

        assertEquals(List.of(key("old"), key("older")), dropped.stream().sorted().toList());
    }

    @Test
    void pruneWhenCapIsOneThenOnlyTheKeptFamilyStays() {
        family("kept", 0, NOW_SECONDS + 60);
        family("other", 50, NOW_SECONDS + 60);

        assertEquals(List.of(key("other")), drop(1));
    }

    @Test
    void pruneWhenNoteUnreadableThenDroppedAndOtherNotesUntouched() {
        notes.put(key("corrupt"), "not a family note at all");
        notes.put("rtp.other", "x");
        notes.put("SSO_AUTH", "true");

        assertEquals(List.of(key("corrupt")), drop(100));
    }

    @Test
    void pruneWhenFiveHundredFamiliesThenTheNewestCapRemain() {
        for (int i = 0; i < 500; i++) {
            family("f" + i, i, NOW_SECONDS + 60);
        }

        List<String> dropped = drop(100);

        assertEquals(401, dropped.size(), "500 others and the kept one, 100 in all remain");
        for (int i = 401; i < 500; i++) {
            assertTrue(!dropped.contains(key("f" + i)), "f" + i + " is among the newest");
        }
    }

    @Test
    void pruneWhenFamiliesStartedWithinOneSecondThenTheLaterStartedOnesStay() {
        long second = NOW_SECONDS - 10;
        for (int i = 0; i < 50; i++) {
            family("f" + i, RefreshTokenFamily.issuedAtMillis(second, second * 1000 + 10 + i * 20L), NOW_SECONDS + 60);
        }

        List<String> dropped = drop(11);

        assertEquals(40, dropped.size());
        for (int i = 40; i < 50; i++) {
            assertTrue(!dropped.contains(key("f" + i)), "f" + i + " started later in the same second");
        }
    }

    @Test
    void pruneWhenNoteIsADroppedFamilysLeftoverThenDroppedAgain() {
        notes.put(key("revoked-before-a-restart"), FamilyNotes.DROPPED);

        assertEquals(List.of(key("revoked-before-a-restart")), drop(100));
    }

    private void family(String id, long startedAtMillis, long expiresAtSeconds) {
        RefreshTokenFamily.start(id, "rt-" + id, startedAtMillis, expiresAtSeconds).save(familyNotes);
    }

    private List<String> drop(int cap) {
        return FamilyPruning.notesToDrop(notes, "kept", NOW, cap, 0);
    }

    private static String key(String id) {
        return RefreshTokenFamily.NOTE_PREFIX + id;
    }
}
