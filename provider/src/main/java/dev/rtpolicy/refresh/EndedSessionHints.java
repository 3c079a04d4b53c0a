package dev.rtpolicy.refresh;

import org.keycloak.common.util.MultiSiteUtils;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.session.UserSessionPersisterProvider;
import org.keycloak.provider.ProviderFactory;

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
    /** {@code InfinispanSingleUseObjectProviderFactory}'s id: the store in Keycloak's own (embedded) Infinispan. */
    private static final String EMBEDDED_STORE = "infinispan";

    /** Beyond the session's lifespan: Keycloak's idle-timeout window (2 minutes) and clock skew between nodes. */
    private static final int MARGIN_SECONDS = 300;

    private EndedSessionHints() {
    }

    /**
     * How refresh, introspection and userinfo tell a ghost on this server (the status endpoint's
     * {@code endedSessionCheck}): {@code hints} where our persister writes them and the store is this cluster's own cache,
     * else {@code database} (every session is looked up: another session persister took Keycloak's place, or the store
     * is an external Infinispan, multi-site or clusterless, whose writes fail silently when it is unreachable).
     */
    public static String checkMode(KeycloakSessionFactory factory) {
        ProviderFactory<SingleUseObjectProvider> store = factory.getProviderFactory(SingleUseObjectProvider.class);
        return !MultiSiteUtils.isMultiSiteEnabled() && store != null && EMBEDDED_STORE.equals(store.getId())
                && factory.getProviderFactory(UserSessionPersisterProvider.class) instanceof EndMarkingUserSessionPersisterFactory
                ? HINTS : DATABASE;
    }

    /** Whether the hints can be trusted to be there ({@link #checkMode}). */
    static boolean written(KeycloakSession session) {
        return HINTS.equals(checkMode(session.getKeycloakSessionFactory()));
    }

    /**
     * Whether the user session, its client session of {@code clientUuid} (if not null), all of its realm's sessions of
     * its kind or all of its client's sessions ended.
     */
    static boolean present(KeycloakSession session, RealmModel realm, String userSessionId, String clientUuid, boolean offline) {
        SingleUseObjectProvider store = session.singleUseObjects();
        return store.contains(userSessionKey(userSessionId, offline))
                || clientUuid != null && (store.contains(clientSessionKey(userSessionId, clientUuid, offline)) || store.contains(clientKey(clientUuid)))
                || store.contains(realmKey(realm.getId(), offline));
    }

    static void userSessionEnding(KeycloakSession session, RealmModel realm, String userSessionId, boolean offline) {
        write(session, userSessionKey(userSessionId, offline), lifespan(realm, offline));
    }

    static void clientSessionEnding(KeycloakSession session, RealmModel realm, String userSessionId, String clientUuid, boolean offline) {
        write(session, clientSessionKey(userSessionId, clientUuid, offline), lifespan(realm, offline));
    }

    /**
     * All the realm's sessions of a kind end (e.g. the admin's sign-out of all sessions): every session of the kind then
     * costs the query for a lifespan, since the hint does not say when the sessions it covers started.
     */
    static void realmSessionsEnding(KeycloakSession session, RealmModel realm, boolean offline) {
        write(session, realmKey(realm.getId(), offline), lifespan(realm, offline));
    }

    /**
     * A client's sessions end with the client. Keycloak then deletes their rows but leaves the cached client sessions,
     * and refuses their tokens for want of the client, unless a client is created again with the same id.
     */
    static void clientSessionsEnding(KeycloakSession session, RealmModel realm, String clientUuid) {
        write(session, clientKey(clientUuid), Math.max(lifespan(realm, false), lifespan(realm, true)));
    }

    /**
     * Written anew at every end, so that the lifespan counts from the latest (a session can come back under the same id:
     * an offline session given again). Both at once, not {@code put}: that one waits for the transaction's end, when the
     * rows may be gone already.
     */
    private static void write(KeycloakSession session, String key, long lifespan) {
        SingleUseObjectProvider store = session.singleUseObjects();
        store.remove(key);
        store.putIfAbsent(key, lifespan);
    }

    /**
     * The longest a session of the kind can stay in Keycloak's cache from now, in seconds: the realm's lifespans, where
     * Keycloak reads a value of 0 or less as its default (as {@code SessionExpirationUtils} does).
     */
    static long lifespan(RealmModel realm, boolean offline) {
        int longest = offline
                ? Math.max(orDefault(realm.getOfflineSessionIdleTimeout(), Constants.DEFAULT_OFFLINE_SESSION_IDLE_TIMEOUT),
                        realm.isOfflineSessionMaxLifespanEnabled() ? orDefault(realm.getOfflineSessionMaxLifespan(), Constants.DEFAULT_OFFLINE_SESSION_MAX_LIFESPAN) : 0)
                : Math.max(Math.max(orDefault(realm.getSsoSessionMaxLifespan(), Constants.DEFAULT_SESSION_MAX_LIFESPAN), realm.getSsoSessionMaxLifespanRememberMe()),
                        Math.max(orDefault(realm.getSsoSessionIdleTimeout(), Constants.DEFAULT_SESSION_IDLE_TIMEOUT), realm.getSsoSessionIdleTimeoutRememberMe()));
        return (long) longest + MARGIN_SECONDS;
    }

    private static int orDefault(int seconds, int keycloakDefault) {
        return seconds > 0 ? seconds : keycloakDefault;
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

    private static String clientKey(String clientUuid) {
        return PREFIX + "client/" + clientUuid;
    }

    private static String kind(boolean offline) {
        return offline ? "offline:" : "online:";
    }
}
