package dev.rtpolicy.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One variant's window of load within one round of the interleaved run: successful refreshes per second, latency
 * percentiles, its server's CPU time over the whole round (the variant has that server to itself, so work the server
 * does after the window counts too) and the database's CPU time over the window, each per successful refresh of the
 * window; the share of refreshes that came less than a second after the same chain's previous one (Keycloak then
 * skips the session's timestamp write), and the share of the server's CPU time that the JIT compiler took (near 0
 * once the server is warm).
 */
record Slice(String variant, int round, long successes, long errors, double throughput, double p50, double p99,
             double cpuMillisPerRefresh, double databaseCpuMillisPerRefresh, double closeRepeatPercent, double jitPercent) {

    /**
     * {@code compilerTicks}: the part of {@code cpuTicks} spent by the JIT compiler threads; {@code databaseTicks}: the
     * database's CPU time over the slice.
     */
    static Slice of(String variant, int round, Stats stats, long cpuTicks, long compilerTicks, long databaseTicks, long ticksPerSecond) {
        long successes = stats.requests() - stats.errors();
        return new Slice(variant, round, successes, stats.errors(), stats.successThroughput(), stats.percentileMillis(50),
                stats.percentileMillis(99), CpuTime.millisPerRequest(cpuTicks, ticksPerSecond, successes),
                CpuTime.millisPerRequest(databaseTicks, ticksPerSecond, successes),
                stats.requests() == 0 ? 0 : 100.0 * stats.closeRepeats() / stats.requests(), cpuTicks <= 0 ? 0 : 100.0 * compilerTicks / cpuTicks);
    }

    /**
     * {@code metric(numerator) / metric(denominator)} for each round that measured both: ratios of windows that ran
     * seconds apart, so the machine's drift (other processes, the other servers, thermal) hits both alike.
     */
    static double[] pairedRatios(List<Slice> slices, String numerator, String denominator, ToDoubleFunction<Slice> metric) {
        return pairedRatios(slices, numerator, List.of(denominator), metric);
    }

    /**
     * The same against several denominators doing the same work on servers of their own: per round, against the
     * geometric mean of their values, so no one server's JVM (its JIT's choices, its heap) stands for the baseline.
     * Rounds missing any side are left out.
     */
    static double[] pairedRatios(List<Slice> slices, String numerator, List<String> denominators, ToDoubleFunction<Slice> metric) {
        if (denominators.contains(numerator)) {
            throw new IllegalArgumentException(numerator + " cannot be compared with itself");
        }
        Map<Integer, Double> top = new TreeMap<>();
        Map<Integer, Double> product = new TreeMap<>();
        Map<Integer, Integer> count = new TreeMap<>();
        for (Slice slice : slices) {
            if (slice.variant().equals(numerator)) {
                top.put(slice.round(), metric.applyAsDouble(slice));
            } else if (denominators.contains(slice.variant())) {
                product.merge(slice.round(), metric.applyAsDouble(slice), (a, b) -> a * b);
                count.merge(slice.round(), 1, Integer::sum);
            }
        }
        return top.entrySet().stream().filter(e -> count.getOrDefault(e.getKey(), 0) == denominators.size())
                .mapToDouble(e -> Stats.ratio(e.getValue(), Math.pow(product.get(e.getKey()), 1.0 / denominators.size()))).toArray();
    }

    /** Keycloak's and the database's CPU time per successful refresh. */
    double totalCpuMillisPerRefresh() {
        return cpuMillisPerRefresh + databaseCpuMillisPerRefresh;
    }

    /**
     * A variant's CPU per successful refresh over all its rounds together (total time over total refreshes): unlike the
     * median, it keeps the rare rounds in which the server did periodic work (garbage collection, expiry sweeps). A
     * window without a successful refresh has no CPU per refresh and is left out (none had, in the runs reported).
     */
    static double wholeRunCpuMillisPerRefresh(List<Slice> slices, String variant) {
        double millis = 0;
        long successes = 0;
        for (Slice slice : slices) {
            if (slice.variant().equals(variant) && slice.successes() > 0) {
                millis += slice.cpuMillisPerRefresh() * slice.successes();
                successes += slice.successes();
            }
        }
        return successes == 0 ? Double.NaN : millis / successes;
    }

    /** One variant's values of a metric over all rounds. */
    static double[] values(List<Slice> slices, String variant, ToDoubleFunction<Slice> metric) {
        return slices.stream().filter(s -> s.variant().equals(variant)).mapToDouble(metric).toArray();
    }
}
