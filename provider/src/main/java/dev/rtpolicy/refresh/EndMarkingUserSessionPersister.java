package dev.rtpolicy.refresh;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.session.PersistentUserSessionEntity;

/**
 * Keycloak's own session persister, which leaves a hint ({@link EndedSessionHints}) before it deletes a session's rows.
 * Every way a session ends deletes its rows through these methods, on the node and in the transaction that ends it, so
 * the hint is in the store before the end commits. The deletions that need no hint: a removed user's, client's or
 * realm's sessions (Keycloak refuses their tokens for want of the user, client or realm) and expired ones (their cache
 * entries expire too).
 */
final class EndMarkingUserSessionPersister extends LineUserSessionPersister {

    private final KeycloakSession session;
    private final EntityManager em;

    EndMarkingUserSessionPersister(KeycloakSession session, EntityManager em, int expirationBatch) {
        super(session, em, expirationBatch);
        this.session = session;
        this.em = em;
    }

    @Override
    public void removeUserSession(String userSessionId, boolean offline) {
        RealmModel realm = realmOf(userSessionId, offline);
        if (realm != null) {
            EndedSessionHints.userSessionEnding(session, realm, userSessionId, offline);
        }
        super.removeUserSession(userSessionId, offline);
    }

    @Override
    public void removeClientSession(String userSessionId, String clientUuid, boolean offline) {
        RealmModel realm = realmOf(userSessionId, offline);
        if (realm != null) {
            EndedSessionHints.clientSessionEnding(session, realm, userSessionId, clientUuid, offline);
            if (offline) {
                // Keycloak deletes an offline session's row with its last client session's
                EndedSessionHints.userSessionEnding(session, realm, userSessionId, true);
            }
        }
        super.removeClientSession(userSessionId, clientUuid, offline);
    }

    @Override
    public void removeUserSessions(RealmModel realm, boolean offline) {
        EndedSessionHints.realmSessionsEnding(session, realm, offline);
        super.removeUserSessions(realm, offline);
    }

    @Override
    public void removeUserSessions(RealmModel realm) {
        EndedSessionHints.realmSessionsEnding(session, realm, false);
        EndedSessionHints.realmSessionsEnding(session, realm, true);
        super.removeUserSessions(realm);
    }

    /** The realm of the session's row; {@code null} without a row (nothing to delete, so no ghost to come). */
    private RealmModel realmOf(String userSessionId, boolean offline) {
        PersistentUserSessionEntity row = em.find(PersistentUserSessionEntity.class,
                new PersistentUserSessionEntity.Key(userSessionId, offline ? StoredSession.OFFLINE : StoredSession.ONLINE));
        return row == null ? null : session.realms().getRealm(row.getRealmId());
    }
}
