package dev.rtpolicy.refresh;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockLeaseTest {

    private static final long START = 1_000_000_000L;

    @Test
    void ownedWhenWellWithinTtlThenHolderMayRemoveItsEntry() {
        LockLease lease = new LockLease(START);

        assertTrue(lease.owned(START));
        assertTrue(lease.owned(START + TimeUnit.SECONDS.toNanos(11)));
    }

    @Test
    void ownedWhenWithinFenceMarginOfTtlThenHolderLeavesTheEntryToExpire() {
        LockLease lease = new LockLease(START);
        long fenceStart = TimeUnit.SECONDS.toNanos(LockLease.TTL_SECONDS) - TimeUnit.MILLISECONDS.toNanos(LockLease.FENCE_MARGIN_MILLIS);

        assertTrue(lease.owned(START + fenceStart - 1));
        assertFalse(lease.owned(START + fenceStart));
    }

    @Test
    void ownedWhenHolderOutlivedTtlThenNeverOwnedAgain() {
        LockLease lease = new LockLease(START);

        assertFalse(lease.owned(START + TimeUnit.SECONDS.toNanos(LockLease.TTL_SECONDS)));
        assertFalse(lease.owned(START + TimeUnit.MINUTES.toNanos(5)));
    }

    @Test
    void ownedWhenNanoTimeWrapsThenMeasuredByDifference() {
        LockLease lease = new LockLease(Long.MAX_VALUE - 10);

        assertTrue(lease.owned(Long.MIN_VALUE + 10));
        assertFalse(lease.owned(Long.MAX_VALUE - 10 + TimeUnit.SECONDS.toNanos(LockLease.TTL_SECONDS)));
    }
}
