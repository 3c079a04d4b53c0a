package dev.rtpolicy.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The median and the interquartile range of a few values (e.g. one paired ratio per round), quartiles by linear
 * interpolation between closest ranks (Hyndman and Fan's type 7, the default of R and NumPy).
 */
record Spread(double q1, double median, double q3, int n) {

    static Spread of(double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        return new Spread(quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75), sorted.length);
    }

    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }

    /** {@code 0.97 [0.95–1.01]}. */
    String format(String pattern) {
        if (n == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, pattern + " [" + pattern + "–" + pattern + "]", median, q1, q3);
    }
}
