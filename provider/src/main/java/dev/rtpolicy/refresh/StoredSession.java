package dev.rtpolicy.refresh;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.common.Profile;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.storage.StorageId;

/**
 * Whether a user session and its client session still exist in Keycloak's database, the record of which sessions
 * live once user sessions are persistent. Keycloak ends a session by removing it from the cache first and from the
 * database at its commit; a request that misses the cache in between reads the old row and puts it back in the cache
 * (keycloak#51127). That leaves a cache entry without a row, a ghost: the admin sees no session while the session's
 * tokens keep working, since refresh, introspection and userinfo read the cache. So every use of a token asks the
 * database too (one count by primary key), and a ghost is removed and refused.
 */
final class StoredSession {

    private static final Logger logger = Logger.getLogger(StoredSession.class);

    /** {@code JpaSessionUtil.offlineToString}, the persisted flag of an offline session. */
    private static final String OFFLINE = "1";
    private static final String ONLINE = "0";

    private static final String BOTH_ROWS = "select count(u) from PersistentUserSessionEntity u, PersistentClientSessionEntity c"
            + " where u.userSessionId = :userSessionId and u.offline = :offline"
            + " and c.userSessionId = u.userSessionId and c.offline = u.offline and c.clientId = :clientId";
    private static final String USER_SESSION_ROW = "select count(u) from PersistentUserSessionEntity u"
            + " where u.userSessionId = :userSessionId and u.offline = :offline";

    enum State {
        /** Both rows exist, or the session is not one Keycloak persists: the cache is the record. */
        STORED,
        /** The client session's row is gone (a grant was revoked): the client session in the cache is a ghost. */
        CLIENT_SESSION_GONE,
        /** The user session's row is gone (the session ended): the user session in the cache is a ghost. */
        USER_SESSION_GONE
    }

    private StoredSession() {
    }

    static State of(KeycloakSession session, UserSessionModel userSession, AuthenticatedClientSessionModel clientSession) {
        if (!isPersisted(userSession)) {
            return State.STORED;
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        String offline = userSession.isOffline() ? OFFLINE : ONLINE;
        String clientId = clientSession == null ? null : clientSession.getClient().getId();
        if (clientId != null && StorageId.isLocalStorage(clientId) && count(em, BOTH_ROWS, userSession.getId(), offline, clientId) > 0) {
            return State.STORED;
        }
        if (count(em, USER_SESSION_ROW, userSession.getId(), offline, null) == 0) {
            return State.USER_SESSION_GONE;
        }
        return clientId == null || !StorageId.isLocalStorage(clientId) ? State.STORED : State.CLIENT_SESSION_GONE;
    }

    /** Refuses a ghost: removes it from the cache, so that no other path (an SSO cookie, the account console) finds it. */
    static boolean isGhost(KeycloakSession session, UserSessionModel userSession, AuthenticatedClientSessionModel clientSession) {
        State state = of(session, userSession, clientSession);
        if (state == State.STORED) {
            return false;
        }
        logger.debugf("Session %s of realm %s: %s in the cache only, removed", userSession.getId(), userSession.getRealm().getName(), state);
        if (state == State.CLIENT_SESSION_GONE) {
            clientSession.detachFromUserSession();
        } else if (userSession.isOffline()) {
            session.sessions().removeOfflineUserSession(userSession.getRealm(), userSession);
        } else {
            session.sessions().removeUserSession(userSession.getRealm(), userSession);
        }
        return true;
    }

    /** Offline sessions are always persisted; online ones with the persistent-user-sessions feature (the default). */
    private static boolean isPersisted(UserSessionModel userSession) {
        if (userSession.getPersistenceState() != null && userSession.getPersistenceState() != UserSessionModel.SessionPersistenceState.PERSISTENT) {
            return false;
        }
        return userSession.isOffline() || Profile.isFeatureEnabled(Profile.Feature.PERSISTENT_USER_SESSIONS);
    }

    private static long count(EntityManager em, String query, String userSessionId, String offline, String clientId) {
        var typed = em.createQuery(query, Long.class)
                .setParameter("userSessionId", userSessionId)
                .setParameter("offline", offline);
        if (clientId != null) {
            typed.setParameter("clientId", clientId);
        }
        return typed.getSingleResult();
    }
}
