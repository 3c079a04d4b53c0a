package dev.rtpolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

/**
 * Several runs of one line and one JAR taken together ({@code bench/pool.sh}). One run's median of 40 paired rounds
 * moves by about 1.5 points from run to run (26.4.7's own tables: 1.045×, 1.038×, 1.012×), as much as the differences
 * issue 26 asks about. Two views of the same rounds, both approximate with a handful of runs:
 * <ul>
 *   <li>the median of all runs' rounds together, with a 95 % interval from a bootstrap that resamples runs, then rounds
 *   within each (what differs between runs stays in the interval; the second stage adds round noise on top, so it
 *   leans wide);</li>
 *   <li>the mean of the runs' own medians with a Student-t interval (the runs as the only sample; few runs make it
 *   wide, and one unusual run moves it).</li>
 * </ul>
 */
public final class Pooled {

    /** A measured window as {@link Benchmark#WINDOW_LINE} prints it: workload, round, variant, throughput, p99, Keycloak and database CPU. */
    private static final Pattern WINDOW = Pattern.compile(
            "^(\\S.*?) +round +(\\d+)  (.+?) +([\\d.]+)/s +p99 +([\\d.]+) ms +CPU +([\\d.]+) \\+ DB +([\\d.]+) ms/refresh.*$");
    /** What a window's line starts with, so that a line the pattern misses fails the run instead of vanishing. */
    private static final Pattern WINDOW_START = Pattern.compile("^\\S.*? +round +\\d+  .*$");

    private static final int RESAMPLES = 10_000;
    private static final long SEED = 26L;
    /** Two-sided 95 % quantiles of Student's t for 1 to 10 degrees of freedom; beyond, 10's (slightly wide). */
    private static final double[] T_95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228};

    /** Issue 26's pair (extension default / stock Revoke), the target pair (/ stock default) and the two same-work pairs. */
    private static final List<Report.Pair> PAIRS = List.of(Report.AGAINST_STOCK_REVOKE, Report.TARGET, Report.SAME_WORK_EXTENSION, Report.SAME_WORK_STOCK);

    /** One run: its measured windows by workload name ({@link Benchmark#SESSIONS}, {@link Benchmark#HOT_CHAINS}). */
    record Run(String name, Map<String, List<Slice>> windows) {

        /** The pair's per-round CPU ratios, rounds without one (no successful refresh on a side) left out. */
        double[] ratios(String workload, Report.Pair pair) {
            return Arrays.stream(pair.ratios(windows.getOrDefault(workload, List.of()), Slice::cpuMillisPerRefresh))
                    .filter(ratio -> !Double.isNaN(ratio)).toArray();
        }
    }

    /**
     * The median of the pooled rounds with its bootstrap interval, over {@code runs} runs with rounds; and the mean of
     * those runs' medians with its t-interval (NaN for one run).
     */
    record Estimate(double median, double low, double high, int rounds, int runs, double meanOfRuns, double meanLow, double meanHigh) {

        /** Both views as two table cells; a single run has no t-interval. */
        String format() {
            String pooled = String.format(Locale.ROOT, "%.3f [%.3f–%.3f], %d rounds of %s", median, low, high, rounds, runCount(runs));
            return pooled + " | " + (runs < 2 ? "–" : String.format(Locale.ROOT, "%.3f [%.3f–%.3f]", meanOfRuns, meanLow, meanHigh));
        }
    }

    private Pooled() {
    }

    /** The measured windows of a run's console output (warm-up rounds and tables are skipped). */
    static Run parse(String name, List<String> lines) {
        Map<String, List<Slice>> windows = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = WINDOW.matcher(line);
            if (!m.matches()) {
                if (WINDOW_START.matcher(line).matches()) {
                    throw new IllegalArgumentException(name + ": a window's line that cannot be read: " + line);
                }
                continue;
            }
            windows.computeIfAbsent(m.group(1), w -> new ArrayList<>()).add(new Slice(m.group(3).strip(), Integer.parseInt(m.group(2)), 0, 0,
                    Double.parseDouble(m.group(4)), Double.NaN, Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
                    Double.parseDouble(m.group(7)), Double.NaN, Double.NaN));
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException(name + ": no measured window (is it a bench/run.sh log?)");
        }
        return new Run(name, windows);
    }

    /**
     * Both views of a pair's per-round CPU ratios over the runs; the runs are taken in the order of their names, so the
     * interval does not depend on the order they are given in.
     */
    static Estimate estimate(List<Run> runs, String workload, Report.Pair pair, int resamples, long seed) {
        List<double[]> perRun = byName(runs).stream().map(run -> run.ratios(workload, pair)).filter(r -> r.length > 0).toList();
        double[] all = perRun.stream().flatMapToDouble(Arrays::stream).toArray();
        if (all.length == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] medians = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            DoubleStream.Builder sample = DoubleStream.builder();
            for (int r = 0; r < perRun.size(); r++) {
                double[] run = perRun.get(random.nextInt(perRun.size()));
                for (int i = 0; i < run.length; i++) {
                    sample.add(run[random.nextInt(run.length)]);
                }
            }
            medians[b] = Spread.of(sample.build().toArray()).median();
        }
        Arrays.sort(medians);
        double[] runMedians = perRun.stream().mapToDouble(r -> Spread.of(r).median()).toArray();
        double mean = Arrays.stream(runMedians).average().orElse(Double.NaN);
        double halfWidth = runMedians.length < 2 ? Double.NaN
                : T_95[Math.min(runMedians.length - 1, T_95.length) - 1] * standardDeviation(runMedians, mean) / Math.sqrt(runMedians.length);
        return new Estimate(Spread.of(all).median(), Spread.quantile(medians, 0.025), Spread.quantile(medians, 0.975), all.length, perRun.size(),
                mean, mean - halfWidth, mean + halfWidth);
    }

    /** The table for the given runs: per workload and pair, both views and each run's own median, by run name. */
    static String table(List<Run> runs) {
        StringBuilder table = new StringBuilder();
        for (Benchmark.Workload workload : List.of(Benchmark.SESSIONS, Benchmark.HOT_CHAINS)) {
            table.append("Workload ").append(workload.name()).append(", Keycloak CPU per refresh, ").append(runCount(runs.size()))
                    .append(":\n| pair | pooled rounds: median [95 % bootstrap interval] | runs' medians: mean [95 % t-interval] | each run's median |\n|---|---|---|---|\n");
            for (Report.Pair pair : PAIRS) {
                String each = byName(runs).stream()
                        .map(run -> String.format(Locale.ROOT, "%s %.3f", run.name(), Spread.of(run.ratios(workload.name(), pair)).median()))
                        .collect(Collectors.joining(", "));
                table.append("| ").append(pair.label()).append(" | ")
                        .append(estimate(runs, workload.name(), pair, RESAMPLES, SEED).format()).append(" | ").append(each).append(" |\n");
            }
            table.append('\n');
        }
        return table.toString();
    }

    private static String runCount(int runs) {
        return runs == 1 ? "1 run" : runs + " runs";
    }

    private static List<Run> byName(List<Run> runs) {
        return runs.stream().sorted(Comparator.comparing(Run::name)).toList();
    }

    private static double standardDeviation(double[] values, double mean) {
        return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1));
    }

    /** {@code args}: the console logs ({@code bench/results/kc<line>/run-*.log}) of runs of one line and one JAR. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: Pooled <run log> [<run log> ...]");
            System.exit(2);
        }
        List<Run> runs = new ArrayList<>();
        for (String arg : args) {
            Path log = Path.of(arg);
            runs.add(parse(log.getFileName().toString(), Files.readAllLines(log)));
        }
        System.out.print(table(runs));
    }
}
