package dev.rtpolicy.refresh;

import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.AbstractKeycloakTransaction;

/**
 * Serializes the refreshes of one token family across the cluster: an entry in Keycloak's single-use object store
 * (the replicated {@code actionTokens} cache), released after the request's transaction completes. Must be taken
 * before the user session is loaded, so that the holder reads the state its predecessor committed.
 */
final class FamilyLock {

    /** Upper bound of one refresh; the entry expires by itself should a node die while holding it. */
    private static final long LOCK_TTL_SECONDS = 60;
    private static final long WAIT_LIMIT_MILLIS = 10_000;

    private FamilyLock() {
    }

    static void acquire(KeycloakSession session, String sessionId, String familyId) throws OAuthErrorException {
        String lockId = "rtp-lock:" + sessionId + ":" + familyId;
        long deadline = System.currentTimeMillis() + WAIT_LIMIT_MILLIS;
        long pause = 5;
        while (!session.singleUseObjects().putIfAbsent(lockId, LOCK_TTL_SECONDS)) {
            if (System.currentTimeMillis() > deadline) {
                // A multi-site store that cannot answer also ends here: fail closed, never refresh unlocked.
                throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Refresh token is being refreshed concurrently, try again");
            }
            sleep(pause);
            pause = Math.min(pause * 2, 100);
        }
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
    }

    private static void release(KeycloakSessionFactory factory, String lockId) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> s.singleUseObjects().remove(lockId));
    }

    private static void sleep(long millis) throws OAuthErrorException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "Refresh interrupted, try again");
        }
    }
}
