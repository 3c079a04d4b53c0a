package dev.rtpolicy.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One variant's short measured slice within one round of the interleaved run: successful refreshes per second,
 * latency percentiles, the server's and the database's CPU time per successful refresh over the slice, and the share of refreshes that
 * came less than a second after the same chain's previous one (Keycloak then skips the session's timestamp write), and
 * the share of the CPU time that the JIT compiler took (near 0 once the server is warm).
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
     * {@code metric(numerator) / metric(denominator)} for each round that measured both: ratios of slices that ran
     * seconds apart, so the machine's drift (other processes, the other server, thermal) hits both alike.
     */
    static double[] pairedRatios(List<Slice> slices, String numerator, String denominator, ToDoubleFunction<Slice> metric) {
        Map<Integer, Double> top = new TreeMap<>();
        Map<Integer, Double> bottom = new TreeMap<>();
        for (Slice slice : slices) {
            if (slice.variant().equals(numerator)) {
                top.put(slice.round(), metric.applyAsDouble(slice));
            } else if (slice.variant().equals(denominator)) {
                bottom.put(slice.round(), metric.applyAsDouble(slice));
            }
        }
        return top.entrySet().stream().filter(e -> bottom.containsKey(e.getKey()))
                .mapToDouble(e -> Stats.ratio(e.getValue(), bottom.get(e.getKey()))).toArray();
    }

    /** Keycloak's and the database's CPU time per successful refresh. */
    double totalCpuMillisPerRefresh() {
        return cpuMillisPerRefresh + databaseCpuMillisPerRefresh;
    }

    /** One variant's values of a metric over all rounds. */
    static double[] values(List<Slice> slices, String variant, ToDoubleFunction<Slice> metric) {
        return slices.stream().filter(s -> s.variant().equals(variant)).mapToDouble(metric).toArray();
    }
}
