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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PooledTest {

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
        assertArrayEquals(new double[] {2.60 / 2.50}, run.ratios("hot chains", Report.AGAINST_STOCK_REVOKE), 1e-12);
    }

    @Test
    void aWindowLineThatCannotBeReadFailsTheRunInsteadOfVanishing() {
        String decimalComma = window("sessions", 1, Benchmark.STOCK_REVOKE, 2.81).replace("2.810", "2,810");

        assertThrows(IllegalArgumentException.class, () -> Pooled.parse("run.log", List.of(decimalComma)));
        assertThrows(IllegalArgumentException.class, () -> Pooled.parse("not-a-run.log", List.of("| pair | throughput |")));
    }

    @Test
    void roundsWithoutARatioAreLeftOut() {
        Pooled.Run run = Pooled.parse("run.log", List.of(
                window("sessions", 1, Benchmark.STOCK_REVOKE, 2.00),
                window("sessions", 1, Benchmark.EXTENSION_DEFAULT, 2.10),
                window("sessions", 2, Benchmark.STOCK_REVOKE, 0.0),
                window("sessions", 2, Benchmark.EXTENSION_DEFAULT, 2.10)));

        assertArrayEquals(new double[] {1.05}, run.ratios("sessions", Report.AGAINST_STOCK_REVOKE), 1e-12);
        assertEquals(1, Pooled.estimate(List.of(run), "sessions", Report.AGAINST_STOCK_REVOKE, 100, 1).rounds());
    }

    @Test
    void meanOfRunsHasAStudentTInterval() {
        // Run medians 1.00, 1.02, 1.04: mean 1.02, standard deviation 0.02, t(2) = 4.303.
        List<Pooled.Run> runs = List.of(run("a", 1.00), run("b", 1.02), run("c", 1.04));

        Pooled.Estimate estimate = Pooled.estimate(runs, "sessions", Report.AGAINST_STOCK_REVOKE, 100, 1);

        assertEquals(3, estimate.runs());
        assertEquals(1.02, estimate.meanOfRuns(), 1e-9);
        assertEquals(1.02 - 4.303 * 0.02 / Math.sqrt(3), estimate.meanLow(), 1e-6);
        assertEquals(1.02 + 4.303 * 0.02 / Math.sqrt(3), estimate.meanHigh(), 1e-6);
        assertTrue(Double.isNaN(Pooled.estimate(List.of(run("a", 1.00, 1.02)), "sessions", Report.AGAINST_STOCK_REVOKE, 100, 1).meanLow()));
    }

    @Test
    void parseReadsTheRunsRecordedInTheRepository() throws Exception {
        Pooled.Run run = Pooled.parse("run-2026-12-07-3.log",
                Files.readAllLines(Path.of("results/kc26.4/run-2026-12-07-3.log")));

        assertEquals(40 * 5, run.windows().get("sessions").size());
        assertEquals(20 * 5, run.windows().get("hot chains").size());
        // The run's own pair table (from unrounded values): extension default / stock Revoke 1.012 in sessions, 1.007 in
        // hot chains; this log prints CPU per refresh with two decimals, which moves a median by a few thousandths.
        assertEquals(1.012, Spread.of(run.ratios("sessions", Report.AGAINST_STOCK_REVOKE)).median(), 0.004);
        assertEquals(1.007, Spread.of(run.ratios("hot chains", Report.AGAINST_STOCK_REVOKE)).median(), 0.004);

        // Three decimals since the fifth 26.4 run: its own table says 1.020 and 1.110.
        Pooled.Run fifth = Pooled.parse("run-2026-12-07-5.log", Files.readAllLines(Path.of("results/kc26.4/run-2026-12-07-5.log")));
        assertEquals(1.020, Spread.of(fifth.ratios("sessions", Report.AGAINST_STOCK_REVOKE)).median(), 0.0005);
        assertEquals(1.110, Spread.of(fifth.ratios("hot chains", Report.AGAINST_STOCK_REVOKE)).median(), 0.0005);
    }

    @Test
    void estimateIsTheMedianOfAllRunsRoundsTogether() {
        List<Pooled.Run> runs = List.of(run("a", 1.00, 1.02, 1.04), run("b", 1.06, 1.08));

        Pooled.Estimate estimate = Pooled.estimate(runs, "sessions", Report.AGAINST_STOCK_REVOKE, 1000, 1);

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

        Pooled.Estimate estimate = Pooled.estimate(List.of(run("low", steadyLow), run("high", steadyHigh)), "sessions", Report.AGAINST_STOCK_REVOKE, 2000, 7);

        assertEquals(1.00, estimate.low(), 0.002);
        assertEquals(1.05, estimate.high(), 0.002);
    }

    @Test
    void sameSeedSameInterval() {
        List<Pooled.Run> runs = List.of(run("a", 0.95, 1.01, 1.10, 0.99), run("b", 1.03, 1.07, 0.97));

        assertEquals(Pooled.estimate(runs, "sessions", Report.AGAINST_STOCK_REVOKE, 500, 3), Pooled.estimate(runs, "sessions", Report.AGAINST_STOCK_REVOKE, 500, 3));
    }

    @Test
    void intervalDoesNotDependOnTheOrderTheRunsAreGivenIn() {
        Pooled.Run a = run("run-a.log", 0.95, 1.01, 1.10, 0.99);
        Pooled.Run b = run("run-b.log", 1.03, 1.07, 0.97);
        Pooled.Run c = run("run-c.log", 1.00, 1.12);

        assertEquals(Pooled.estimate(List.of(a, b, c), "sessions", Report.AGAINST_STOCK_REVOKE, 500, 3),
                Pooled.estimate(List.of(c, a, b), "sessions", Report.AGAINST_STOCK_REVOKE, 500, 3));
    }

    @Test
    void noRoundsGiveNaNNotAnException() {
        Pooled.Run hotChainsOnly = Pooled.parse("run.log", List.of(window("hot chains", 1, Benchmark.STOCK_REVOKE, 2.00),
                window("hot chains", 1, Benchmark.EXTENSION_DEFAULT, 2.10)));

        Pooled.Estimate estimate = Pooled.estimate(List.of(hotChainsOnly), "sessions", Report.AGAINST_STOCK_REVOKE, 100, 1);

        assertEquals(0, estimate.rounds());
        assertEquals(0, estimate.runs());
        assertTrue(Double.isNaN(estimate.median()));
    }
}
