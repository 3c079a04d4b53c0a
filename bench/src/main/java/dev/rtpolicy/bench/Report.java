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

/** The results as tables (stdout and README), JSON and an SVG bar chart. */
final class Report {

    /** The compared pairs: extension default against stock default (the targets) and stock Revoke, the grace variant against both, stock Revoke against stock default, and the sanity pair (same work, ratio ~1). */
    static final List<String[]> PAIRS = List.of(
            new String[] {Benchmark.EXTENSION_DEFAULT, Benchmark.STOCK_DEFAULT},
            new String[] {Benchmark.EXTENSION_DEFAULT, Benchmark.STOCK_REVOKE},
            new String[] {Benchmark.EXTENSION_GRACE, Benchmark.STOCK_DEFAULT},
            new String[] {Benchmark.EXTENSION_GRACE, Benchmark.STOCK_REVOKE},
            new String[] {Benchmark.STOCK_REVOKE, Benchmark.STOCK_DEFAULT},
            new String[] {Benchmark.EXTENSION_GRACE, Benchmark.EXTENSION_DEFAULT});

    private Report() {
    }

    /** Per pair, the median [interquartile range] over the rounds of the per-round ratios. */
    static String pairs(List<Slice> slices, List<String[]> pairs) {
        StringBuilder table = new StringBuilder();
        table.append("| pair (paired per round) | throughput | Keycloak CPU per refresh | Keycloak + database CPU per refresh | p99 |\n");
        table.append("|---|---|---|---|---|\n");
        for (String[] pair : pairs) {
            String label = pair[0] + " / " + pair[1] + (pair[0].startsWith("extension") && pair[1].startsWith("extension") ? " (sanity: same work)" : "");
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", label, ratios(slices, pair, Slice::throughput),
                    ratios(slices, pair, Slice::cpuMillisPerRefresh), ratios(slices, pair, Slice::totalCpuMillisPerRefresh), ratios(slices, pair, Slice::p99)));
        }
        return table.toString();
    }

    private static String ratios(List<Slice> slices, String[] pair, ToDoubleFunction<Slice> metric) {
        return Spread.of(Slice.pairedRatios(slices, pair[0], pair[1], metric)).format("%.3f");
    }

    /** Per variant, the median [interquartile range] over the rounds of its absolute numbers. */
    static String absolutes(List<Slice> slices, List<String> variants) {
        StringBuilder table = new StringBuilder();
        table.append("| variant | refreshes/s | Keycloak CPU ms per refresh | database CPU ms per refresh | p50 ms | p99 ms | errors | % of refreshes < 1 s after the chain's previous | % of CPU in the JIT compiler |\n");
        table.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String variant : variants) {
            long errors = slices.stream().filter(s -> s.variant().equals(variant)).mapToLong(Slice::errors).sum();
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d | %s | %s |%n", variant,
                    Spread.of(Slice.values(slices, variant, Slice::throughput)).format("%.1f"),
                    Spread.of(Slice.values(slices, variant, Slice::cpuMillisPerRefresh)).format("%.2f"),
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
