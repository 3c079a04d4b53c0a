package dev.rtpolicy.bench;

import java.util.Arrays;

/** Throughput and exact latency percentiles (nearest-rank) of one measured run. */
final class Stats {

    private final long[] sortedNanos;
    private final long elapsedNanos;
    private final long errors;
    private final long closeRepeats;

    private Stats(long[] sortedNanos, long elapsedNanos, long errors, long closeRepeats) {
        this.sortedNanos = sortedNanos;
        this.elapsedNanos = elapsedNanos;
        this.errors = errors;
        this.closeRepeats = closeRepeats;
    }

    static Stats of(long[] latenciesNanos, long elapsedNanos, long errors) {
        return of(latenciesNanos, elapsedNanos, errors, 0);
    }

    static Stats of(long[] latenciesNanos, long elapsedNanos, long errors, long closeRepeats) {
        long[] sorted = latenciesNanos.clone();
        Arrays.sort(sorted);
        return new Stats(sorted, elapsedNanos, errors, closeRepeats);
    }

    long requests() {
        return sortedNanos.length;
    }

    long errors() {
        return errors;
    }

    /** Refreshes that started less than a second after the same chain's previous refresh ended. */
    long closeRepeats() {
        return closeRepeats;
    }

    /** Successful and failed requests per second of wall-clock time. */
    double throughput() {
        return elapsedNanos == 0 ? 0 : sortedNanos.length / (elapsedNanos / 1e9);
    }

    /** Successful requests per second of wall-clock time. */
    double successThroughput() {
        return elapsedNanos == 0 ? 0 : (sortedNanos.length - errors) / (elapsedNanos / 1e9);
    }

    /** The nearest-rank percentile: the smallest latency that at least {@code p}% of requests did not exceed. */
    double percentileMillis(double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
    }

    /** {@code value / baseline}, or NaN when there is no baseline. */
    static double ratio(double value, double baseline) {
        return baseline == 0 || Double.isNaN(baseline) ? Double.NaN : value / baseline;
    }
}
