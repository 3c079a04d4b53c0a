package dev.rtpolicy.refresh;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The compare-and-set on a family's state: rotating a family away from its current token is claimed once,
 * cluster-wide, by an atomic {@code putIfAbsent} keyed by the family and that token, before the successor is
 * minted. The family note itself cannot carry the compare: it is written at commit, and this transaction's session
 * cache may not show a concurrent commit. Normally the user-session lock already serializes rotations; the claim
 * stops the one request that outlived its lock from minting a second live successor from the same state.
 */
final class RotationClaim {

    /**
     * How long a claim blocks a second rotation from the same token: far longer than a request can take from
     * reading the family under its lock ({@link LockLease}: at most 12 s) to claiming, and than a claimed rotation
     * takes to commit. A node dying between claim and commit cannot be told from one that stalled and may still
     * commit, so that family answers "try again" until the claim expires (docs/operations.md, "Cluster").
     */
    static final long TTL_SECONDS = 120;

    private RotationClaim() {
    }

    static String key(String familyId, String tokenId) {
        return "rtp-rot:" + familyId + ":" + tokenId;
    }

    /** {@code true} if this request may rotate the family away from {@code tokenId}; given back if it rolls back. */
    static boolean claim(KeycloakSession session, String familyId, String tokenId) {
        String key = key(familyId, tokenId);
        SingleUseObjectProvider store = session.singleUseObjects();
        if (!claim(store, key)) {
            return false;
        }
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
            }

            @Override
            protected void rollbackImpl() {
                // The family still names tokenId as current: it must stay rotatable. The store acts on the cache at
                // once, so this request's own after-completion can give the claim back (cf. UserSessionRefreshLock).
                store.remove(key);
            }
        });
        return true;
    }

    static boolean claim(SingleUseObjectProvider store, String key) {
        return store.putIfAbsent(key, TTL_SECONDS);
    }
}
