package dev.rtpolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.rtpolicy.it.support.Http;

/** The results as tables (stdout and docs/benchmark.md), JSON and an SVG bar chart. */
final class Report {

    /**
     * One compared pair: a variant against one variant, or against the geometric mean of several doing the same work
     * on servers of their own; a sanity pair compares the same work and should read about 1.
     */
    record Pair(String numerator, List<String> denominators, String label) {

        static Pair of(String numerator, String denominator) {
            return new Pair(numerator, List.of(denominator), numerator + " / " + denominator);
        }

        static Pair sanity(String numerator, String denominator, String why) {
            return new Pair(numerator, List.of(denominator), numerator + " / " + denominator + " (sanity: " + why + ")");
        }

        double[] ratios(List<Slice> slices, ToDoubleFunction<Slice> metric) {
            return Slice.pairedRatios(slices, numerator, denominators, metric);
        }
    }

    /** Stock default: the two stock-default servers' geometric mean per round. */
    static final List<String> STOCK_DEFAULTS = List.of(Benchmark.STOCK_DEFAULT, Benchmark.STOCK_DEFAULT_SECOND);

    /** Issue 26's pair: extension default against the line's stock "Revoke Refresh Token". */
    static final Pair AGAINST_STOCK_REVOKE = Pair.of(Benchmark.EXTENSION_DEFAULT, Benchmark.STOCK_REVOKE);

    /** The sanity pairs: the same work on two servers (the grace window only matters for retries, which the load never makes). */
    static final Pair SAME_WORK_EXTENSION = Pair.sanity(Benchmark.EXTENSION_GRACE, Benchmark.EXTENSION_DEFAULT, "same work, two servers");
    static final Pair SAME_WORK_STOCK = Pair.sanity(Benchmark.STOCK_DEFAULT_SECOND, Benchmark.STOCK_DEFAULT, "same work, two servers");

    /** The target: extension default against stock default. */
    static final Pair TARGET = againstStockDefault(Benchmark.EXTENSION_DEFAULT);

    /**
     * The target pair, then against each stock-default server alone and against stock Revoke; the grace variant against
     * stock default and stock Revoke; stock Revoke against stock default; and the two sanity pairs, each the same work
     * on two servers (the grace window only matters for retries, which the load never makes): they show how far two
     * JVMs of one distribution differ.
     */
    static final List<Pair> PAIRS = List.of(
            TARGET,
            Pair.of(Benchmark.EXTENSION_DEFAULT, Benchmark.STOCK_DEFAULT),
            Pair.of(Benchmark.EXTENSION_DEFAULT, Benchmark.STOCK_DEFAULT_SECOND),
            AGAINST_STOCK_REVOKE,
            againstStockDefault(Benchmark.EXTENSION_GRACE),
            Pair.of(Benchmark.EXTENSION_GRACE, Benchmark.STOCK_REVOKE),
            againstStockDefault(Benchmark.STOCK_REVOKE),
            SAME_WORK_EXTENSION,
            SAME_WORK_STOCK);

    /** The metrics every pair is compared on, by their JSON names, in the pair table's column order. */
    private static final Map<String, ToDoubleFunction<Slice>> PAIR_METRICS = pairMetrics();

    private Report() {
    }

    private static Map<String, ToDoubleFunction<Slice>> pairMetrics() {
        Map<String, ToDoubleFunction<Slice>> metrics = new LinkedHashMap<>();
        metrics.put("throughput", Slice::throughput);
        metrics.put("cpuPerRefresh", Slice::cpuMillisPerRefresh);
        metrics.put("cpuWithDatabasePerRefresh", Slice::totalCpuMillisPerRefresh);
        metrics.put("p99", Slice::p99);
        return metrics;
    }

    private static Pair againstStockDefault(String variant) {
        return new Pair(variant, STOCK_DEFAULTS, variant + " / stock default, both stock servers");
    }

    /** Per pair, the median [interquartile range] over the rounds of the per-round ratios. */
    static String pairs(List<Slice> slices, List<Pair> pairs) {
        StringBuilder table = new StringBuilder();
        table.append("| pair (paired per round) | throughput | Keycloak CPU per refresh | Keycloak + database CPU per refresh | p99 |\n");
        table.append("|---|---|---|---|---|\n");
        for (Pair pair : pairs) {
            table.append("| ").append(pair.label());
            PAIR_METRICS.values().forEach(metric -> table.append(" | ").append(Spread.of(pair.ratios(slices, metric)).format("%.3f")));
            table.append(" |\n");
        }
        return table.toString();
    }

    /** The pair table as JSON: per pair, each metric's median and interquartile range of the per-round ratios. */
    static Map<String, Object> pairsJson(List<Slice> slices, List<Pair> pairs) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            Map<String, Spread> metrics = new LinkedHashMap<>();
            PAIR_METRICS.forEach((name, metric) -> metrics.put(name, Spread.of(pair.ratios(slices, metric))));
            json.put(pair.label(), metrics);
        }
        return json;
    }

    /** Per variant, the median [interquartile range] over the rounds of its absolute numbers. */
    static String absolutes(List<Slice> slices, List<String> variants) {
        StringBuilder table = new StringBuilder();
        table.append("| variant | refreshes/s | Keycloak CPU ms per refresh | whole run | database CPU ms per refresh | p50 ms | p99 ms | errors | % of refreshes < 1 s after the chain's previous | % of CPU in the JIT compiler |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (String variant : variants) {
            long errors = slices.stream().filter(s -> s.variant().equals(variant)).mapToLong(Slice::errors).sum();
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s | %s | %d | %s | %s |%n", variant,
                    Spread.of(Slice.values(slices, variant, Slice::throughput)).format("%.1f"),
                    Spread.of(Slice.values(slices, variant, Slice::cpuMillisPerRefresh)).format("%.2f"),
                    Slice.wholeRunCpuMillisPerRefresh(slices, variant),
                    Spread.of(Slice.values(slices, variant, Slice::databaseCpuMillisPerRefresh)).format("%.2f"),
                    Spread.of(Slice.values(slices, variant, Slice::p50)).format("%.1f"),
                    Spread.of(Slice.values(slices, variant, Slice::p99)).format("%.1f"), errors,
                    Spread.of(Slice.values(slices, variant, Slice::closeRepeatPercent)).format("%.1f"),
                    Spread.of(Slice.values(slices, variant, Slice::jitPercent)).format("%.1f")));
        }
        return table.toString();
    }

    static void writeJson(Path file, Map<String, Object> header, Map<String, List<Slice>> slices, Map<String, Object> extra) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(header);
        json.put("slices", slices);
        json.putAll(extra);
        Files.createDirectories(file.getParent());
        Files.writeString(file, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    /** Horizontal bars of median throughput, one per variant, with median CPU per refresh and p99 in the label. */
    static String svg(List<Slice> slices, List<String> variants, String title) {
        int rowHeight = 28;
        int width = 1000;
        int left = 430;
        double[] throughput = variants.stream().mapToDouble(v -> Spread.of(Slice.values(slices, v, Slice::throughput)).median()).toArray();
        double max = Arrays.stream(throughput).max().orElse(1);
        StringBuilder svg = new StringBuilder();
        int height = 50 + rowHeight * variants.size();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\">%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", escape(title)));
        int y = 40;
        for (int i = 0; i < variants.size(); i++) {
            String variant = variants.get(i);
            int bar = (int) Math.round((width - left - 260) * throughput[i] / max);
            String color = variant.startsWith("stock") ? "#8a8d91" : "#0066cc";
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 17, escape(variant)));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\"/>%n", left, y + 3, bar, color));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.0f/s, CPU %.2f ms/refresh, p99 %.1f ms</text>%n", left + bar + 6, y + 17, throughput[i],
                    Spread.of(Slice.values(slices, variant, Slice::cpuMillisPerRefresh)).median(), Spread.of(Slice.values(slices, variant, Slice::p99)).median()));
            y += rowHeight;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }
}
