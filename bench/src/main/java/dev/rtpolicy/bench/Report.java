package dev.rtpolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.rtpolicy.it.support.Http;

/** The results as a table (stdout and README), JSON and an SVG bar chart. */
final class Report {

    private Report() {
    }

    static String table(List<Result> results) {
        StringBuilder table = new StringBuilder();
        table.append("| variant | in flight | refreshes/s | p50 ms | p99 ms | p99.9 ms | errors | × stock throughput | × stock p99 |\n");
        table.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %d | %s | %s |%n", r.variant(), r.concurrency(),
                    r.throughput(), r.p50(), r.p99(), r.p999(), r.errors(), ratio(r.throughputRatio(), r.baseline()), ratio(r.p99Ratio(), r.baseline())));
        }
        return table.toString();
    }

    private static String ratio(double value, String baseline) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f (vs %s)", value, baseline);
    }

    static void writeJson(Path file, Map<String, Object> header, List<Result> results, Map<String, Object> extra) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(header);
        json.put("results", results);
        json.putAll(extra);
        Files.createDirectories(file.getParent());
        Files.writeString(file, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    /** Horizontal bars of throughput, one per row, with p99 in the label. */
    static String svg(List<Result> results, String title) {
        int rowHeight = 28;
        int width = 900;
        int left = 260;
        double max = results.stream().mapToDouble(Result::throughput).max().orElse(1);
        StringBuilder svg = new StringBuilder();
        int height = 50 + rowHeight * results.size();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\">%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", escape(title)));
        int y = 40;
        for (Result r : results) {
            int bar = (int) Math.round((width - left - 170) * r.throughput() / max);
            String color = r.variant().startsWith("stock") ? "#8a8d91" : "#0066cc";
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s, %d in flight</text>%n", y + 17, escape(r.variant()), r.concurrency()));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\"/>%n", left, y + 3, bar, color));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.0f/s, p99 %.1f ms</text>%n", left + bar + 6, y + 17, r.throughput(), r.p99()));
            y += rowHeight;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }
}
