package dev.rtpolicy.refresh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatedClientSessionModel;

/**
 * Keeps the family state a client session carries bounded by what can still be presented. Every code exchange starts
 * a family (keycloak-js does one per page load), and each family is a note that Keycloak parses and writes back with
 * the client session's data on every write. Whenever a family is started or refreshed, the client session's other
 * families are dropped when none of their tokens can be presented any more (all have expired), and
 * beyond the newest {@code cap} (by their latest issue) the oldest are dropped. A token of a dropped family is of a
 * family its client session does not know: {@code invalid_grant}, as after any revocation, never reuse.
 */
final class FamilyPruning {

    private FamilyPruning() {
    }

    /**
     * Drops the client session's families that are expired or beyond the cap; {@code keptFamilyId}'s (the one being
     * started or refreshed) always stays.
     *
     * @return how many family notes were dropped
     */
    static int prune(AuthenticatedClientSessionModel clientSession, String keptFamilyId, long nowMillis, int cap) {
        List<String> drop = notesToDrop(clientSession.getNotes(), keptFamilyId, nowMillis, cap,
                clientSession.getStarted() * 1000L);
        drop.forEach(note -> FamilyNotes.remove(clientSession, note));
        return drop.size();
    }

    /**
     * The family notes (keys) to drop from {@code notes}: unreadable ones, those all of whose tokens have expired, and
     * beyond {@code cap} families (counting {@code keptFamilyId}'s) the least recently issued.
     */
    static List<String> notesToDrop(Map<String, String> notes, String keptFamilyId, long nowMillis, int cap, long clientSessionStartedAtMillis) {
        String keptKey = RefreshTokenFamily.NOTE_PREFIX + keptFamilyId;
        List<String> drop = new ArrayList<>();
        List<Map.Entry<String, RefreshTokenFamily>> live = new ArrayList<>();
        for (Map.Entry<String, String> note : notes.entrySet()) {
            String key = note.getKey();
            if (!key.startsWith(RefreshTokenFamily.NOTE_PREFIX) || key.equals(keptKey)) {
                continue;
            }
            RefreshTokenFamily family = note.getValue() == null ? null
                    : RefreshTokenFamily.parse(key.substring(RefreshTokenFamily.NOTE_PREFIX.length()), note.getValue(), clientSessionStartedAtMillis);
            if (family == null || family.expiredAt(nowMillis)) {
                drop.add(key);
            } else {
                live.add(Map.entry(key, family));
            }
        }
        int othersKept = Math.max(0, cap - 1);
        if (live.size() > othersKept) {
            live.sort(Comparator.comparingLong((Map.Entry<String, RefreshTokenFamily> e) -> e.getValue().lastIssuedMillis()).reversed()
                    .thenComparing(Map.Entry::getKey));
            live.subList(othersKept, live.size()).forEach(e -> drop.add(e.getKey()));
        }
        return drop;
    }
}
