package dev.rtpolicy.bench;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {

    private static final long MS = 1_000_000;

    @Test
    void percentilesAreNearestRank() {
        Stats stats = Stats.of(LongStream.rangeClosed(1, 100).map(i -> i * MS).toArray(), 1_000_000_000L, 0);

        assertEquals(50.0, stats.percentileMillis(50));
        assertEquals(99.0, stats.percentileMillis(99));
        assertEquals(100.0, stats.percentileMillis(99.9));
        assertEquals(1.0, stats.percentileMillis(0.5));
        assertEquals(100.0, stats.percentileMillis(100));
    }

    @Test
    void percentilesDoNotDependOnRecordingOrder() {
        long[] shuffled = {5 * MS, 1 * MS, 4 * MS, 2 * MS, 3 * MS};

        Stats stats = Stats.of(shuffled, 1, 0);

        assertEquals(3.0, stats.percentileMillis(50));
        assertEquals(5.0, stats.percentileMillis(99));
        assertEquals(1 * MS, shuffled[1], "the caller's array is not reordered");
    }

    @Test
    void singleSampleIsEveryPercentile() {
        Stats stats = Stats.of(new long[] {7 * MS}, 1, 0);

        assertEquals(7.0, stats.percentileMillis(50));
        assertEquals(7.0, stats.percentileMillis(99.9));
    }

    @Test
    void noSamplesGiveNaNNotAnException() {
        assertTrue(Double.isNaN(Stats.of(new long[0], 1, 0).percentileMillis(50)));
        assertEquals(0.0, Stats.of(new long[0], 0, 0).throughput());
    }

    @Test
    void throughputCountsRequestsPerSecondOfWallClock() {
        Stats stats = Stats.of(new long[500], 2_000_000_000L, 3);

        assertEquals(250.0, stats.throughput());
        assertEquals(3, stats.errors());
    }

    @Test
    void ratioAgainstBaseline() {
        assertEquals(0.5, Stats.ratio(50, 100));
        assertTrue(Double.isNaN(Stats.ratio(50, 0)));
        assertTrue(Double.isNaN(Stats.ratio(50, Double.NaN)));
    }

    @Test
    void resultRatiosCompareWithTheMatchingStockRow() {
        Result stock = Result.of("stock", null, 8, Stats.of(LongStream.rangeClosed(1, 100).map(i -> i * MS).toArray(), 1_000_000_000L, 0), null);
        Result extension = Result.of("ext", "stock", 8, Stats.of(LongStream.rangeClosed(1, 100).map(i -> 2 * i * MS).toArray(), 2_000_000_000L, 0), stock);

        assertEquals(0.5, extension.throughputRatio());
        assertEquals(2.0, extension.p99Ratio());
        assertTrue(Double.isNaN(stock.throughputRatio()));
        assertTrue(Report.table(List.of(stock, extension)).contains("| ext | 8 | 50.0 | 100.00 | 198.00 | 200.00 | 0 | 0.500 (vs stock) | 2.000 (vs stock) |"));
    }
}
