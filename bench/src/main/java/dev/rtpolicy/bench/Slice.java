package dev.rtpolicy.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One variant's short measured slice within one round of the interleaved run: successful refreshes per second,
 * latency percentiles, and the server's CPU time per successful refresh over the slice.
 */
record Slice(String variant, int round, long successes, long errors, double throughput, double p50, double p99,
             double cpuMillisPerRefresh) {

    static Slice of(String variant, int round, Stats stats, long cpuTicks, long ticksPerSecond) {
        long successes = stats.requests() - stats.errors();
        return new Slice(variant, round, successes, stats.errors(), stats.successThroughput(), stats.percentileMillis(50),
                stats.percentileMillis(99), CpuTime.millisPerRequest(cpuTicks, ticksPerSecond, successes));
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

    /** One variant's values of a metric over all rounds. */
    static double[] values(List<Slice> slices, String variant, ToDoubleFunction<Slice> metric) {
        return slices.stream().filter(s -> s.variant().equals(variant)).mapToDouble(metric).toArray();
    }
}
