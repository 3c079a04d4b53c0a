package dev.rtpolicy.refresh;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Serializes, cluster-wide, the refreshes of a user session's tokens with each other and with every way the session
 * ends: an entry in Keycloak's single-use object store (the replicated {@code actionTokens} cache), released after
 * the request's transaction completes, in that transaction's own after-completion (no second Keycloak session). A refresh takes it before the user session is loaded, so it reads what its
 * predecessor committed; a session end takes it before its removal commits, so a refresh in flight can never write
 * the removed session back (cf. keycloak#51312). Re-entrant within one request. A holder that outlived the entry's
 * lifespan never removes a newer holder's entry ({@link LockLease}).
 */
final class UserSessionRefreshLock {

    private static final Logger logger = Logger.getLogger(UserSessionRefreshLock.class);
    private static final long WAIT_LIMIT_MILLIS = 20_000;

    private UserSessionRefreshLock() {
    }

    /** Waits for the lock of the user session; {@code false} if it could not be had within the wait limit. */
    static boolean tryAcquire(KeycloakSession session, String userSessionId) {
        String lockId = lockId(userSessionId);
        Holding holding = (Holding) session.getAttribute(lockId);
        if (holding != null && holding.lease != null) {
            return true;
        }
        long deadline = System.currentTimeMillis() + WAIT_LIMIT_MILLIS;
        long pause = 5;
        long started = System.nanoTime();
        while (!session.singleUseObjects().putIfAbsent(lockId, LockLease.TTL_SECONDS)) {
            if (System.currentTimeMillis() > deadline || !sleep(pause)) {
                return false;
            }
            pause = Math.min(pause * 2, 100);
            started = System.nanoTime();
        }
        if (holding == null) {
            holding = new Holding(session.singleUseObjects());
            session.setAttribute(lockId, holding);
            enlistRelease(session, lockId, holding);
        }
        holding.lease = new LockLease(started);
        return true;
    }

    /** Whether this request still certainly holds the lock of the user session (and may act on what it read). */
    static boolean held(KeycloakSession session, String userSessionId) {
        Holding holding = (Holding) session.getAttribute(lockId(userSessionId));
        return holding != null && holding.lease != null && holding.lease.owned(System.nanoTime());
    }

    /**
     * Runs {@code slow} (e.g. back-channel logouts to client URLs) with the lock given up, then takes it again so
     * what this request removes still commits under it. Refreshes of the session may run meanwhile; whatever they
     * issue ends with the session when this request commits.
     */
    static void unlockedDuring(KeycloakSession session, String userSessionId, Runnable slow) {
        String lockId = lockId(userSessionId);
        Holding holding = (Holding) session.getAttribute(lockId);
        if (holding != null) {
            holding.release(lockId);
        }
        try {
            slow.run();
        } finally {
            if (!tryAcquire(session, userSessionId)) {
                logger.warn("A session end went ahead without the refresh lock after its back-channel logouts");
            }
        }
    }

    private static void enlistRelease(KeycloakSession session, String lockId, Holding holding) {
        // Trigger the session provider first, so its changes are committed before the lock is released.
        session.sessions();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                holding.release(lockId);
            }

            @Override
            protected void rollbackImpl() {
                holding.release(lockId);
            }
        });
    }

    /**
     * This request's hold on one lock; the release is enlisted once per request, however often it is re-taken.
     * The release removes the entry through the store this request took it with: Infinispan's
     * {@code putIfAbsent} and {@code remove} act on the cache at once, outside the request's transaction, so the
     * request's own after-completion can run them (as stock's refresh lock could) without opening a second
     * Keycloak session and transaction per refresh.
     */
    private static final class Holding {

        private final SingleUseObjectProvider store;
        private LockLease lease;

        Holding(SingleUseObjectProvider store) {
            this.store = store;
        }

        void release(String lockId) {
            LockLease released = lease;
            lease = null;
            if (released == null || !released.owned(System.nanoTime())) {
                return;
            }
            try {
                store.remove(lockId);
            } catch (RuntimeException e) {
                // The request's own work has committed; the entry then expires by itself (LockLease.TTL_SECONDS).
                logger.warnf("Could not release a refresh lock, it expires by itself: %s", e.getMessage());
            }
        }
    }

    private static String lockId(String userSessionId) {
        return "rtp-lock:" + userSessionId;
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
