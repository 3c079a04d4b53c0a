package dev.rtpolicy.refresh;

import org.keycloak.models.AuthenticatedClientSessionModel;

/**
 * Removes family notes so that they stay removed where Keycloak stores the client session, on every line.
 * <p>
 * Keycloak before 26.6.7 and 26.7.3 loses a note's removal when it writes the client session to the database
 * (keycloak#52038: the removal reaches the cache only), so the note comes back whenever the session is read from the
 * database again: after a restart, on another node, after cache eviction. A revoked family would then refresh again.
 * The note is therefore first overwritten with {@link #DROPPED}, which no family reads as a state (its token is then of
 * an unknown family, {@code invalid_grant}), and then removed: fixed lines store neither; lines without the fix (26.4, 26.5,
 * 26.6 before 26.6.7) keep only that short value in the database until the client session ends.
 */
final class FamilyNotes {

    /** What a dropped family's note holds where its removal was not stored; {@link RefreshTokenFamily#parse} rejects it. */
    static final String DROPPED = "dropped";

    private FamilyNotes() {
    }

    static void remove(AuthenticatedClientSessionModel clientSession, String noteKey) {
        if (!DROPPED.equals(clientSession.getNote(noteKey))) {
            clientSession.setNote(noteKey, DROPPED);
        }
        clientSession.removeNote(noteKey);
    }
}
