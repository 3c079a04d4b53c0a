package dev.rtpolicy.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PooledTest {

    private static final Report.Pair AGAINST_REVOKE = Report.AGAINST_STOCK_REVOKE;

    /** A window line exactly as {@link Benchmark} prints it. */
    private static String window(String workload, int round, String variant, double cpu) {
        return String.format(Locale.ROOT, Benchmark.WINDOW_LINE, workload, round, variant, 1060.6, 19.2, cpu, 1.0, 0, 0.0, 0.0);
    }

    /** A run whose extension default costs {@code ratios[i]} times stock Revoke in round i + 1 of the sessions workload. */
    private static Pooled.Run run(String name, double... ratios) {
        List<String> lines = new ArrayList<>(List.of("sessions   warm-up   1  largest JIT share 41.7 %"));
        for (int i = 0; i < ratios.length; i++) {
            lines.add(window("sessions", i + 1, Benchmark.STOCK_REVOKE, 2.00));
            lines.add(window("sessions", i + 1, Benchmark.EXTENSION_DEFAULT, 2.00 * ratios[i]));
        }
        lines.add("| pair (paired per round) | throughput | Keycloak CPU per refresh |");
        return Pooled.parse(name, lines);
    }

    @Test
    void parseReadsEveryMeasuredWindowOfBothWorkloadsAndNothingElse() {
        Pooled.Run run = Pooled.parse("run.log", List.of(
                "sessions   warm-up   1  largest JIT share 41.7 %",
                window("sessions", 1, Benchmark.STOCK_REVOKE, 2.81),
                window("sessions", 1, Benchmark.EXTENSION_DEFAULT, 2.47),
                window("hot chains", 1, Benchmark.STOCK_REVOKE, 2.50),
                window("hot chains", 1, Benchmark.EXTENSION_DEFAULT, 2.60),
                "profile, stock default: {refreshes=6128}"));

        assertEquals(2, run.windows().get("sessions").size());
        Slice extension = run.windows().get("sessions").get(1);
        assertEquals(Benchmark.EXTENSION_DEFAULT, extension.variant());
        assertEquals(1, extension.round());
        assertEquals(2.47, extension.cpuMillisPerRefresh());
        assertEquals(1.0, extension.databaseCpuMillisPerRefresh());
        assertEquals(1060.6, extension.throughput());
        assertArrayEquals(new double[] {2.60 / 2.50}, run.ratios("hot chains", AGAINST_REVOKE), 1e-12);
    }

    @Test
    void parseReadsTheRunsRecordedInTheRepository() throws Exception {
        Pooled.Run run = Pooled.parse("run-2026-12-07-3.log",
                Files.readAllLines(Path.of("results/kc26.4/run-2026-12-07-3.log")));

        assertEquals(40 * 5, run.windows().get("sessions").size());
        assertEquals(20 * 5, run.windows().get("hot chains").size());
        // The run's own pair table (from unrounded values): extension default / stock Revoke 1.012 in sessions, 1.007 in
        // hot chains; this log prints CPU per refresh with two decimals, which moves a median by a few thousandths.
        assertEquals(1.012, Spread.of(run.ratios("sessions", AGAINST_REVOKE)).median(), 0.004);
        assertEquals(1.007, Spread.of(run.ratios("hot chains", AGAINST_REVOKE)).median(), 0.004);
    }

    @Test
    void estimateIsTheMedianOfAllRunsRoundsTogether() {
        List<Pooled.Run> runs = List.of(run("a", 1.00, 1.02, 1.04), run("b", 1.06, 1.08));

        Pooled.Estimate estimate = Pooled.estimate(runs, "sessions", AGAINST_REVOKE, 1000, 1);

        assertEquals(1.04, estimate.median(), 1e-9);
        assertEquals(5, estimate.rounds());
        assertTrue(estimate.low() <= estimate.median() && estimate.median() <= estimate.high());
    }

    @Test
    void intervalKeepsTheDifferenceBetweenRunsThatRoundsWithinEachDoNotShow() {
        // Each run is steady within itself, the runs differ: resampling rounds alone would give a point; resampling
        // runs first spreads the interval over both runs' levels.
        double[] steadyLow = new double[40];
        double[] steadyHigh = new double[40];
        Arrays.fill(steadyLow, 1.00);
        Arrays.fill(steadyHigh, 1.05);

        Pooled.Estimate estimate = Pooled.estimate(List.of(run("low", steadyLow), run("high", steadyHigh)), "sessions", AGAINST_REVOKE, 2000, 7);

        assertEquals(1.00, estimate.low(), 0.002);
        assertEquals(1.05, estimate.high(), 0.002);
    }

    @Test
    void sameSeedSameInterval() {
        List<Pooled.Run> runs = List.of(run("a", 0.95, 1.01, 1.10, 0.99), run("b", 1.03, 1.07, 0.97));

        assertEquals(Pooled.estimate(runs, "sessions", AGAINST_REVOKE, 500, 3), Pooled.estimate(runs, "sessions", AGAINST_REVOKE, 500, 3));
    }

    @Test
    void intervalDoesNotDependOnTheOrderTheRunsAreGivenIn() {
        Pooled.Run a = run("run-a.log", 0.95, 1.01, 1.10, 0.99);
        Pooled.Run b = run("run-b.log", 1.03, 1.07, 0.97);
        Pooled.Run c = run("run-c.log", 1.00, 1.12);

        assertEquals(Pooled.estimate(List.of(a, b, c), "sessions", AGAINST_REVOKE, 500, 3),
                Pooled.estimate(List.of(c, a, b), "sessions", AGAINST_REVOKE, 500, 3));
    }

    @Test
    void noRoundsGiveNaNNotAnException() {
        Pooled.Estimate estimate = Pooled.estimate(List.of(run("empty")), "sessions", AGAINST_REVOKE, 100, 1);

        assertEquals(0, estimate.rounds());
        assertTrue(Double.isNaN(estimate.median()));
    }
}
