package dev.rtpolicy.refresh;

import org.keycloak.common.util.MultiSiteUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.session.UserSessionPersisterProvider;

/**
 * Hints, in Keycloak's single-use object store, that a session's database rows are being deleted: written by
 * {@link EndMarkingUserSessionPersister} before Keycloak deletes them, however the session ends. Only a session with a
 * hint can be a ghost ({@link StoredSession}), so only such a session costs the database query that tells; every
 * other refresh pays a lookup in the store, which is local on a node that owns the key.
 * <p>
 * A hint outlives any ghost of its session: a ghost is a cache entry, which expires with its session's lifespan
 * (counted from before the hint was written), however often it is read. A hint is only a reason to ask the database,
 * so one that outlives its session's end (a client session given again, an offline session made again under the same
 * id) costs a query and refuses nothing.
 */
public final class EndedSessionHints {

    private static final String PREFIX = "rtp-ended:";
    private static final String HINTS = "hints";
    private static final String DATABASE = "database";

    /** Beyond the session's lifespan: Keycloak's idle-timeout window (2 minutes) and clock skew between nodes. */
    private static final int MARGIN_SECONDS = 300;

    private EndedSessionHints() {
    }

    /**
     * How refresh, introspection and userinfo tell a ghost on this server (the status endpoint's
     * {@code endedSessionCheck}): {@code hints} where our persister writes them and the store is this cluster's own cache,
     * else {@code database} (every session is looked up: another session persister took Keycloak's place, or multi-site,
     * whose external store refuses silently when unreachable).
     */
    public static String checkMode(KeycloakSessionFactory factory) {
        return !MultiSiteUtils.isMultiSiteEnabled()
                && factory.getProviderFactory(UserSessionPersisterProvider.class) instanceof EndMarkingUserSessionPersisterFactory
                ? HINTS : DATABASE;
    }

    /** Whether the hints can be trusted to be there ({@link #checkMode}). */
    static boolean written(KeycloakSession session) {
        return HINTS.equals(checkMode(session.getKeycloakSessionFactory()));
    }

    /** Whether the user session, its client session of {@code clientUuid} (if not null) or all of its realm's sessions of its kind ended. */
    static boolean present(KeycloakSession session, RealmModel realm, String userSessionId, String clientUuid, boolean offline) {
        SingleUseObjectProvider store = session.singleUseObjects();
        return store.contains(userSessionKey(userSessionId, offline))
                || clientUuid != null && store.contains(clientSessionKey(userSessionId, clientUuid, offline))
                || store.contains(realmKey(realm.getId(), offline));
    }

    static void userSessionEnding(KeycloakSession session, RealmModel realm, String userSessionId, boolean offline) {
        session.singleUseObjects().putIfAbsent(userSessionKey(userSessionId, offline), lifespan(realm, offline));
    }

    static void clientSessionEnding(KeycloakSession session, RealmModel realm, String userSessionId, String clientUuid, boolean offline) {
        session.singleUseObjects().putIfAbsent(clientSessionKey(userSessionId, clientUuid, offline), lifespan(realm, offline));
    }

    /**
     * All the realm's sessions of a kind end (e.g. the admin's sign-out of all sessions): every session of the kind then
     * costs the query for a lifespan, since the hint does not say when the sessions it covers started. Written anew, so
     * it lasts from this end.
     */
    static void realmSessionsEnding(KeycloakSession session, RealmModel realm, boolean offline) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String key = realmKey(realm.getId(), offline);
        store.remove(key);
        store.putIfAbsent(key, lifespan(realm, offline));
    }

    /** The longest a session of the kind can stay in Keycloak's cache from now, in seconds. */
    static long lifespan(RealmModel realm, boolean offline) {
        int longest = offline
                ? Math.max(realm.getOfflineSessionIdleTimeout(), realm.isOfflineSessionMaxLifespanEnabled() ? realm.getOfflineSessionMaxLifespan() : 0)
                : Math.max(Math.max(realm.getSsoSessionMaxLifespan(), realm.getSsoSessionMaxLifespanRememberMe()),
                        Math.max(realm.getSsoSessionIdleTimeout(), realm.getSsoSessionIdleTimeoutRememberMe()));
        return (long) longest + MARGIN_SECONDS;
    }

    private static String userSessionKey(String userSessionId, boolean offline) {
        return PREFIX + kind(offline) + userSessionId;
    }

    private static String clientSessionKey(String userSessionId, String clientUuid, boolean offline) {
        return PREFIX + kind(offline) + userSessionId + "/" + clientUuid;
    }

    private static String realmKey(String realmId, boolean offline) {
        return PREFIX + kind(offline) + "realm/" + realmId;
    }

    private static String kind(boolean offline) {
        return offline ? "offline:" : "online:";
    }
}
