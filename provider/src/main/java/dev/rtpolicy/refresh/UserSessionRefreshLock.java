package dev.rtpolicy.refresh;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.AbstractKeycloakTransaction;

/**
 * Serializes, cluster-wide, the refreshes of a user session's tokens with each other and with revocations and
 * logouts of that session: an entry in Keycloak's single-use object store (the replicated {@code actionTokens}
 * cache), released after the request's transaction completes. A refresh takes it before the user session is loaded,
 * so it reads what its predecessor committed; a revocation takes it before its removal commits, so a refresh in
 * flight can never write the removed client session back (cf. keycloak#51312). Re-entrant within one request.
 */
final class UserSessionRefreshLock {

    /**
     * Upper bound of one refresh. The entry expires by itself should a node die while holding it, and waiters wait
     * a little longer than that, so a crashed node delays that session's refreshes by seconds but never blocks them.
     */
    private static final long LOCK_TTL_SECONDS = 15;
    private static final long WAIT_LIMIT_MILLIS = 20_000;

    private UserSessionRefreshLock() {
    }

    /** Waits for the lock of the user session; {@code false} if it could not be had within the wait limit. */
    static boolean tryAcquire(KeycloakSession session, String userSessionId) {
        String lockId = "rtp-lock:" + userSessionId;
        if (session.getAttribute(lockId) != null) {
            return true;
        }
        long deadline = System.currentTimeMillis() + WAIT_LIMIT_MILLIS;
        long pause = 5;
        while (!session.singleUseObjects().putIfAbsent(lockId, LOCK_TTL_SECONDS)) {
            if (System.currentTimeMillis() > deadline || !sleep(pause)) {
                return false;
            }
            pause = Math.min(pause * 2, 100);
        }
        session.setAttribute(lockId, Boolean.TRUE);
        // Trigger the session provider first, so its changes are committed before the lock is released.
        session.sessions();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                release(factory, lockId);
            }

            @Override
            protected void rollbackImpl() {
                release(factory, lockId);
            }
        });
        return true;
    }

    private static void release(KeycloakSessionFactory factory, String lockId) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> s.singleUseObjects().remove(lockId));
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
