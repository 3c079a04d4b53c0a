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

/**
 * Several runs of one line taken together ({@code bench/pool.sh}). One run's median of 40 paired rounds moves by
 * about 1.5 points from run to run (26.4.7: 1.045×, 1.038×, 1.012× with the same JAR), as much as the differences
 * issue 26 asks about. Pooling the runs' paired rounds narrows that; the 95 % interval comes from a bootstrap that
 * resamples runs, then rounds within each, so what differs between runs (the machine, a JVM's JIT choices) stays in
 * the interval instead of being averaged away.
 */
public final class Pooled {

    /** A measured window as {@link Benchmark} prints it: workload, round, variant, throughput, p99, Keycloak and database CPU. */
    private static final Pattern WINDOW = Pattern.compile(
            "^(.{10}) round +(\\d+)  (.+?) +([\\d.]+)/s +p99 +([\\d.]+) ms +CPU +([\\d.]+) \\+ DB +([\\d.]+) ms/refresh.*$");

    static final int RESAMPLES = 10_000;

    /** Issue 26's pair (extension default / stock Revoke), the target pair (/ stock default) and the two same-work pairs. */
    static final List<Report.Pair> PAIRS = List.of(Report.AGAINST_STOCK_REVOKE, Report.TARGET, Report.SAME_WORK_EXTENSION, Report.SAME_WORK_STOCK);

    /** One run: its measured windows by workload name ("sessions", "hot chains"). */
    record Run(String name, Map<String, List<Slice>> windows) {

        double[] ratios(String workload, Report.Pair pair) {
            return pair.ratios(windows.getOrDefault(workload, List.of()), Slice::cpuMillisPerRefresh);
        }
    }

    /** The median of the pooled rounds and its 95 % interval. */
    record Estimate(double median, double low, double high, int rounds) {

        String format() {
            return String.format(Locale.ROOT, "%.3f [%.3f–%.3f], %d rounds", median, low, high, rounds);
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
                continue;
            }
            windows.computeIfAbsent(m.group(1).strip(), w -> new ArrayList<>()).add(new Slice(m.group(3).strip(), Integer.parseInt(m.group(2)), 0, 0,
                    Double.parseDouble(m.group(4)), Double.NaN, Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
                    Double.parseDouble(m.group(7)), Double.NaN, Double.NaN));
        }
        return new Run(name, windows);
    }

    /**
     * The pooled median of a pair's per-round CPU ratios over all runs, with a two-level bootstrap interval; the runs are
     * taken in the order of their names, so the interval does not depend on the order they are given in.
     */
    static Estimate estimate(List<Run> runs, String workload, Report.Pair pair, int resamples, long seed) {
        List<double[]> perRun = runs.stream().sorted(Comparator.comparing(Run::name)).map(run -> run.ratios(workload, pair))
                .filter(r -> r.length > 0).collect(Collectors.toList());
        double[] all = perRun.stream().flatMapToDouble(Arrays::stream).toArray();
        if (all.length == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] medians = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double[] sample = new double[0];
            for (int r = 0; r < perRun.size(); r++) {
                double[] run = perRun.get(random.nextInt(perRun.size()));
                int from = sample.length;
                sample = Arrays.copyOf(sample, from + run.length);
                for (int i = 0; i < run.length; i++) {
                    sample[from + i] = run[random.nextInt(run.length)];
                }
            }
            medians[b] = Spread.of(sample).median();
        }
        Arrays.sort(medians);
        return new Estimate(Spread.of(all).median(), Spread.quantile(medians, 0.025), Spread.quantile(medians, 0.975), all.length);
    }

    /** The table for the given runs: per workload and pair, the pooled estimate and each run's own median. */
    static String table(List<Run> runs) {
        StringBuilder table = new StringBuilder();
        for (String workload : List.of("sessions", "hot chains")) {
            table.append("Workload ").append(workload).append(", Keycloak CPU per refresh, ")
                    .append(runs.size() == 1 ? "1 run" : runs.size() + " runs pooled").append(":\n");
            table.append("| pair | pooled median [95 % interval] | each run's median |\n|---|---|---|\n");
            for (Report.Pair pair : PAIRS) {
                String each = runs.stream().map(run -> String.format(Locale.ROOT, "%.3f", Spread.of(run.ratios(workload, pair)).median()))
                        .collect(Collectors.joining(", "));
                table.append("| ").append(pair.label()).append(" | ").append(estimate(runs, workload, pair, RESAMPLES, 26L).format())
                        .append(" | ").append(each).append(" |\n");
            }
            table.append('\n');
        }
        return table.toString();
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
