package dev.rtpolicy.refresh;

import java.util.concurrent.TimeUnit;

/**
 * One holder's tenure of a user session's refresh lock, measured on this node's monotonic clock from just before
 * the entry was written. The store offers no "remove if mine" ({@code putIfAbsent} stores no data, and
 * {@code replace} would drop the entry's lifespan), so ownership is fenced by time instead: the entry cannot have
 * expired, and so cannot have been replaced by a newer holder's, before {@code TTL} has passed since the holder
 * started to write it. Until shortly before that moment the holder may act as the owner (remove its entry, claim a
 * rotation); afterwards it leaves the entry to expire by itself.
 */
final class LockLease {

    /**
     * Upper bound of one refresh. The entry expires by itself should a node die while holding it, and waiters wait
     * a little longer than that, so a crashed node delays that session's refreshes by seconds but never blocks them.
     */
    static final long TTL_SECONDS = 15;

    /** Kept off the end of the TTL: clock-rate drift between nodes and the time a remove takes to reach the store. */
    static final long FENCE_MARGIN_MILLIS = 3_000;

    private static final long OWNED_NANOS = TimeUnit.SECONDS.toNanos(TTL_SECONDS) - TimeUnit.MILLISECONDS.toNanos(FENCE_MARGIN_MILLIS);

    private final long startedNanos;

    /** {@code startedNanos}: {@link System#nanoTime()} read before the entry was written. */
    LockLease(long startedNanos) {
        this.startedNanos = startedNanos;
    }

    /** Whether the store's entry is certainly still this holder's at {@code nowNanos}. */
    boolean owned(long nowNanos) {
        return nowNanos - startedNanos < OWNED_NANOS;
    }
}
