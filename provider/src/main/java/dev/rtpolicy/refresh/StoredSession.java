package dev.rtpolicy.refresh;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import org.jboss.logging.Logger;
import org.keycloak.common.util.MultiSiteUtils;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.storage.StorageId;

/**
 * Whether a user session and its client session still exist in Keycloak's database, the record of which sessions
 * live once user sessions are persistent. Keycloak ends a session by removing it from the cache first and from the
 * database at its commit; a request that misses the cache in between reads the old row and puts it back in the cache
 * (keycloak#51127). That leaves a cache entry without a row, a ghost: the admin sees no session while the session's
 * tokens keep working, since refresh, introspection and userinfo read the cache. So these three ask the database too
 * (one query: the client session's and the user session's rows by primary key), refuse a ghost and remove it from
 * the cache. They ask only about a session whose rows Keycloak began to delete ({@link EndedSessionHints}); without
 * our persister's hints (another persister, an external Infinispan) they ask about every session. Keycloak's other
 * readers of a session (the account and admin APIs' bearer tokens, the SSO cookie) find a ghost until one of the
 * three has met it.
 */
final class StoredSession {

    private static final Logger logger = Logger.getLogger(StoredSession.class);

    /** {@code JpaSessionUtil.offlineToString}, the persisted flag of an offline session. */
    static final String OFFLINE = "1";
    static final String ONLINE = "0";

    /** {@code PersistentClientSessionEntity.LOCAL}: the storage columns of a client stored in Keycloak's database. */
    private static final String LOCAL = "local";

    /**
     * The client session's row by its whole primary key, counted only while its user session's row exists too. Keycloak
     * deletes a user session's client-session rows with the user session's row, but the tables are not linked: a
     * client that logs in on a ghost through the SSO cookie gets a client-session row under a user session that has
     * none. Both primary-key lookups in one query.
     */
    private static final String CLIENT_SESSION_ROW = "select count(c) from PersistentClientSessionEntity c, PersistentUserSessionEntity u"
            + " where c.userSessionId = :userSessionId and c.clientId = :clientId and c.clientStorageProvider = :local"
            + " and c.externalClientId = :local and c.offline = :offline"
            + " and u.userSessionId = :userSessionId and u.offline = :offline";
    private static final String USER_SESSION_ROW = "select count(u) from PersistentUserSessionEntity u"
            + " where u.userSessionId = :userSessionId and u.offline = :offline";

    enum State {
        /** Both rows exist, or sessions are not persisted (volatile sessions: the cache is the record). */
        STORED,
        /** The client session's row is gone (a grant was revoked): the client session in the cache is a ghost. */
        CLIENT_SESSION_GONE,
        /** The user session's row is gone (the session ended): the user session in the cache is a ghost. */
        USER_SESSION_GONE
    }

    private StoredSession() {
    }

    static State of(KeycloakSession session, UserSessionModel userSession, AuthenticatedClientSessionModel clientSession) {
        if (!MultiSiteUtils.isPersistentSessionsEnabled()) {
            // volatile sessions: the cache is the record (and with an external Infinispan not even offline ones have rows)
            return State.STORED;
        }
        boolean hinted = EndedSessionHints.written(session);
        if (userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT) {
            // A token exchange's transient copy of a stored session (same id): only the user session is the record.
            String createdFrom = userSession.getNote(Constants.CREATED_FROM_PERSISTENT);
            if (createdFrom == null) {
                return State.STORED;
            }
            boolean offline = storedAsOffline(userSession);
            if (hinted && !EndedSessionHints.present(session, userSession.getRealm(), userSession.getId(), null, offline)) {
                return State.STORED;
            }
            return count(entityManager(session), USER_SESSION_ROW, userSession.getId(), offline ? OFFLINE : ONLINE, null) == 0
                    ? State.USER_SESSION_GONE : State.STORED;
        }
        String clientId = clientSession == null ? null : clientSession.getClient().getId();
        if (hinted && !EndedSessionHints.present(session, userSession.getRealm(), userSession.getId(), clientId, userSession.isOffline())
                && !rememberMeDeletedByExpiration(userSession)) {
            return State.STORED;
        }
        EntityManager em = entityManager(session);
        String offline = userSession.isOffline() ? OFFLINE : ONLINE;
        if (clientId != null && StorageId.isLocalStorage(clientId) && count(em, CLIENT_SESSION_ROW, userSession.getId(), offline, clientId) > 0) {
            return State.STORED;
        }
        if (count(em, USER_SESSION_ROW, userSession.getId(), offline, null) == 0) {
            return State.USER_SESSION_GONE;
        }
        return clientId == null || !StorageId.isLocalStorage(clientId) ? State.STORED : State.CLIENT_SESSION_GONE;
    }

    /**
     * Whether the session is a ghost; a ghost is also removed from the cache (in this request's transaction), so that
     * Keycloak's own lookups stop finding it too.
     */
    static boolean isGhost(KeycloakSession session, UserSessionModel userSession, AuthenticatedClientSessionModel clientSession) {
        State state = of(session, userSession, clientSession);
        if (state == State.STORED) {
            return false;
        }
        RealmModel realm = userSession.getRealm();
        logger.debugf("Session %s of realm %s: %s in the cache only, removed", userSession.getId(), realm.getName(), state);
        if (state == State.CLIENT_SESSION_GONE) {
            clientSession.detachFromUserSession();
            return true;
        }
        boolean offline = storedAsOffline(userSession);
        UserSessionModel cached = offline ? session.sessions().getOfflineUserSession(realm, userSession.getId())
                : session.sessions().getUserSession(realm, userSession.getId());
        if (cached != null && offline) {
            session.sessions().removeOfflineUserSession(realm, cached);
        } else if (cached != null) {
            session.sessions().removeUserSession(realm, cached);
        }
        return true;
    }

    /**
     * For introspection (RFC 7662 §2.2: {@code active} means usable): whether the token's session is a ghost; if so
     * the event says why.
     */
    static boolean refusesIntrospection(KeycloakSession session, UserSessionModel userSession, ClientModel client, EventBuilder event) {
        if (!isGhost(session, userSession, userSession.getAuthenticatedClientSessionByClient(client.getId()))) {
            return false;
        }
        event.detail(Details.REASON, RefreshFlow.SESSION_ENDED_DESCRIPTION);
        event.error(Errors.USER_SESSION_NOT_FOUND);
        return true;
    }

    /** Whether the session's record is an offline session's: for a token exchange's transient copy, the one it copies. */
    private static boolean storedAsOffline(UserSessionModel userSession) {
        return userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT
                ? Constants.CREATED_FROM_PERSISTENT_OFFLINE.equals(userSession.getNote(Constants.CREATED_FROM_PERSISTENT))
                : userSession.isOffline();
    }

    /**
     * A remember-me session while its realm has remember-me off: Keycloak's expiration task deletes its row by query
     * (no hint) while the cached session stays valid for the remember-me lifespan, so it is asked about every time.
     */
    private static boolean rememberMeDeletedByExpiration(UserSessionModel userSession) {
        return !userSession.isOffline() && userSession.isRememberMe() && !userSession.getRealm().isRememberMe();
    }

    private static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /**
     * Flush mode {@code COMMIT}: the count reads rows this request does not write before its commit, so Hibernate need
     * not dirty-check the persistence context first (an automatic flush before every query, the default).
     */
    private static long count(EntityManager em, String query, String userSessionId, String offline, String clientId) {
        var typed = em.createQuery(query, Long.class)
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("userSessionId", userSessionId)
                .setParameter("offline", offline);
        if (clientId != null) {
            typed.setParameter("clientId", clientId).setParameter("local", LOCAL);
        }
        return typed.getSingleResult();
    }
}
