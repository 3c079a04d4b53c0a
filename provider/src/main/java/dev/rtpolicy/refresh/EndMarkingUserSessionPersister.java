package dev.rtpolicy.refresh;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Keycloak's own session persister, which leaves a hint ({@link EndedSessionHints}) before it deletes a session's rows.
 * Every way a session ends deletes its rows through these methods, on the node and in the transaction that ends it, so
 * the hint is in the store before the end commits. A removed client's sessions get a hint too (a client can be created
 * again with the same id, and Keycloak leaves its cached client sessions). The deletions that need none: a removed
 * user's or realm's sessions (Keycloak removes them from the cache too and refuses their tokens for want of the user
 * or realm) and expired ones (their cache entries expire too; remember-me sessions deleted once the realm turned
 * remember-me off are asked about in {@link StoredSession}).
 */
final class EndMarkingUserSessionPersister extends LineUserSessionPersister {

    private static final String REALM_OF_ROW = "select u.realmId from PersistentUserSessionEntity u"
            + " where u.userSessionId = :userSessionId and u.offline = :offline";

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

    @Override
    public void onClientRemoved(RealmModel realm, ClientModel client) {
        EndedSessionHints.clientSessionsEnding(session, realm, client.getId());
        super.onClientRemoved(realm, client);
    }

    /**
     * The realm of the session's row; {@code null} without a row (nothing to delete, so no ghost to come). A scalar
     * query, not {@code find}: the row stays unmanaged until Keycloak's own locking read.
     */
    private RealmModel realmOf(String userSessionId, boolean offline) {
        List<String> realmIds = em.createQuery(REALM_OF_ROW, String.class)
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("userSessionId", userSessionId)
                .setParameter("offline", offline ? StoredSession.OFFLINE : StoredSession.ONLINE)
                .getResultList();
        return realmIds.isEmpty() ? null : session.realms().getRealm(realmIds.get(0));
    }
}
