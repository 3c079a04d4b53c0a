package dev.rtpolicy.bench;

/** One measured row: a variant at a concurrency, with its ratios to the matching stock row (NaN for stock rows). */
record Result(String variant, String baseline, int concurrency, long requests, long errors, double throughput,
              double p50, double p99, double p999, double throughputRatio, double p99Ratio) {

    static Result of(String variant, String baseline, int concurrency, Stats stats, Result stock) {
        double throughput = stats.throughput();
        double p99 = stats.percentileMillis(99);
        return new Result(variant, baseline, concurrency, stats.requests(), stats.errors(), throughput,
                stats.percentileMillis(50), p99, stats.percentileMillis(99.9),
                stock == null ? Double.NaN : Stats.ratio(throughput, stock.throughput()),
                stock == null ? Double.NaN : Stats.ratio(p99, stock.p99()));
    }
}
