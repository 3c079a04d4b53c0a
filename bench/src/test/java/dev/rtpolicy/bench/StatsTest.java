package dev.rtpolicy.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void successThroughputLeavesFailedRequestsOut() {
        Stats stats = Stats.of(new long[500], 2_000_000_000L, 100);

        assertEquals(200.0, stats.successThroughput());
    }

    @Test
    void quartilesInterpolateBetweenClosestRanks() {
        Spread spread = Spread.of(new double[] {4, 1, 3, 2, 5});

        assertEquals(2.0, spread.q1());
        assertEquals(3.0, spread.median());
        assertEquals(4.0, spread.q3());
        assertEquals(5, spread.n());
        Spread even = Spread.of(new double[] {1, 2, 3, 4});
        assertEquals(1.75, even.q1());
        assertEquals(2.5, even.median());
        assertEquals(3.25, even.q3());
    }

    @Test
    void spreadIgnoresNaNAndFormatsMedianWithRange() {
        Spread spread = Spread.of(new double[] {1.0, Double.NaN, 1.1, 0.9});

        assertEquals(3, spread.n());
        assertEquals("1.000 [0.950–1.050]", spread.format("%.3f"));
        assertEquals("–", Spread.of(new double[] {Double.NaN}).format("%.3f"));
    }

    @Test
    void cpuTicksAreUserPlusSystemTimeCountedAfterTheCommandName() {
        String stat = "4242 (java (kc) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 80 0 999 0 0";

        assertEquals(1234 + 567, CpuTime.parseTicks(stat));
    }

    @Test
    void cpuOfThisProcessIsReadFromProc() throws Exception {
        long pid = ProcessHandle.current().pid();
        long before = CpuTime.ticks(pid);
        long spin = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < spin) {
            sink += Math.sqrt(sink + 1);
        }

        assertTrue(sink > 0);
        assertTrue(CpuTime.ticks(pid) > before, "300 ms of spinning shows in utime + stime");
    }

    @Test
    void databaseTicksIncludeTheTimeOfEndedChildren() {
        String stat = "77 (postgres) S 1 77 77 0 -1 4194560 100 0 0 0 10 5 300 40 20 0 1 0 999 0 0";

        assertEquals(10 + 5 + 300 + 40, CpuTime.parseTicksWithChildren(stat));
        assertEquals(10 + 5, CpuTime.parseTicks(stat));
    }

    @Test
    void compilerThreadsAreRecognisedByTheirTruncatedNames() {
        assertTrue(CpuTime.isCompilerThread("C2 CompilerThre"));
        assertTrue(CpuTime.isCompilerThread("C1 CompilerThre"));
        assertFalse(CpuTime.isCompilerThread("executor-thread"));
        assertFalse(CpuTime.isCompilerThread("GC Thread#0"));
    }

    @Test
    void databaseCpuIsPerSuccessfulRefreshAndAddsToTheTotal() {
        Slice slice = Slice.of("a", 0, Stats.of(new long[100], 1_000_000_000L, 20), 40, 0, 16, 100);

        assertEquals(5.0, slice.cpuMillisPerRefresh());
        assertEquals(2.0, slice.databaseCpuMillisPerRefresh());
        assertEquals(7.0, slice.totalCpuMillisPerRefresh());
    }

    @Test
    void jitShareIsCompilerTicksOverAllTicks() {
        Slice slice = Slice.of("a", 0, Stats.of(new long[100], 1_000_000_000L, 0), 200, 50, 0, 100);

        assertEquals(25.0, slice.jitPercent());
        assertEquals(0.0, Slice.of("a", 0, Stats.of(new long[100], 1_000_000_000L, 0), 0, 0, 0, 100).jitPercent());
    }

    @Test
    void cpuPerRequestIsTicksInMillisDividedBySuccesses() {
        assertEquals(5.0, CpuTime.millisPerRequest(800, 100, 1600));
        assertTrue(Double.isNaN(CpuTime.millisPerRequest(800, 100, 0)));
    }

    @Test
    void ratiosArePairedWithinRoundsAndRoundsMissingASideAreLeftOut() {
        List<Slice> slices = List.of(
                slice("a", 0, 100, 5.0), slice("b", 0, 200, 4.0),
                slice("b", 1, 300, 6.0), slice("a", 1, 150, 3.0),
                slice("a", 2, 999, 9.9));

        assertArrayEquals(new double[] {0.5, 0.5}, Slice.pairedRatios(slices, "a", "b", Slice::throughput));
        assertArrayEquals(new double[] {1.25, 0.5}, Slice.pairedRatios(slices, "a", "b", Slice::cpuMillisPerRefresh));
        assertArrayEquals(new double[] {100, 150, 999}, Slice.values(slices, "a", Slice::throughput));
    }

    @Test
    void sliceCpuIsPerSuccessfulRefresh() {
        Slice slice = Slice.of("a", 0, Stats.of(LongStream.rangeClosed(1, 100).map(i -> i * MS).toArray(), 1_000_000_000L, 20), 40, 0, 0, 100);

        assertEquals(80, slice.successes());
        assertEquals(80.0, slice.throughput());
        assertEquals(5.0, slice.cpuMillisPerRefresh());
        assertEquals(99.0, slice.p99());
    }

    @Test
    void closeRepeatsAreAShareOfAllRefreshes() {
        Slice slice = Slice.of("a", 0, Stats.of(new long[200], 1_000_000_000L, 0, 50), 40, 0, 0, 100);

        assertEquals(25.0, slice.closeRepeatPercent());
        assertEquals(0.0, Slice.of("a", 0, Stats.of(new long[0], 1, 0, 0), 0, 0, 0, 100).closeRepeatPercent());
    }

    @Test
    void ratiosAgainstSeveralServersUseTheGeometricMeanOfTheirValuesPerRound() {
        List<Slice> slices = List.of(
                slice("ext", 0, 100, 5.0), slice("s1", 0, 50, 4.0), slice("s2", 0, 200, 9.0),
                slice("ext", 1, 100, 5.0), slice("s1", 1, 100, 5.0));

        assertArrayEquals(new double[] {1.0}, Slice.pairedRatios(slices, "ext", List.of("s1", "s2"), Slice::throughput));
        assertArrayEquals(new double[] {5.0 / 6.0}, Slice.pairedRatios(slices, "ext", List.of("s1", "s2"), Slice::cpuMillisPerRefresh), 1e-12);
        assertArrayEquals(Slice.pairedRatios(slices, "ext", "s1", Slice::throughput), Slice.pairedRatios(slices, "ext", List.of("s1"), Slice::throughput));
        assertThrows(IllegalArgumentException.class, () -> Slice.pairedRatios(slices, "s1", List.of("s1", "s2"), Slice::throughput));
    }

    @Test
    void pairTableShowsMediansWithRangesTheTargetAgainstBothStockServersAndBothSanityPairs() {
        List<Slice> slices = List.of(
                slice(Benchmark.EXTENSION_DEFAULT, 0, 97, 5.1), slice(Benchmark.STOCK_DEFAULT, 0, 100, 5.0),
                slice(Benchmark.STOCK_DEFAULT_SECOND, 0, 100, 5.0), slice(Benchmark.EXTENSION_GRACE, 0, 97, 5.1));

        String table = Report.pairs(slices, Report.PAIRS);

        assertTrue(table.contains("| " + Benchmark.EXTENSION_DEFAULT + " / stock default, both stock servers | 0.970 [0.970–0.970] | 1.020 [1.020–1.020] | 1.018 [1.018–1.018] | 1.000 [1.000–1.000] |"), table);
        assertTrue(table.contains("| " + Benchmark.EXTENSION_DEFAULT + " / " + Benchmark.STOCK_DEFAULT + " | 0.970 [0.970–0.970] | 1.020 [1.020–1.020] |"), table);
        assertTrue(table.contains("| " + Benchmark.EXTENSION_GRACE + " / " + Benchmark.EXTENSION_DEFAULT + " (sanity: same work, two servers) | 1.000 [1.000–1.000] |"), table);
        assertTrue(table.contains("| " + Benchmark.STOCK_DEFAULT_SECOND + " / " + Benchmark.STOCK_DEFAULT + " (sanity: same work, two servers) | 1.000 [1.000–1.000] |"), table);
        assertTrue(table.contains("| " + Benchmark.EXTENSION_GRACE + " / " + Benchmark.STOCK_REVOKE + " | – | – | – |"), table);
        assertTrue(table.contains("| " + Benchmark.EXTENSION_GRACE + " / stock default, both stock servers | 0.970 [0.970–0.970] |"), table);
        assertEquals(Report.TARGET, Report.PAIRS.get(0));
    }

    @Test
    void absolutesTableHasARowPerVariantWithTheWholeRunCpu() {
        List<Slice> slices = List.of(slice(Benchmark.STOCK_DEFAULT, 0, 100, 5.0), slice(Benchmark.STOCK_DEFAULT, 1, 300, 3.0));

        String table = Report.absolutes(slices, Benchmark.VARIANTS);

        assertEquals(2 + Benchmark.VARIANTS.size(), table.lines().count(), table);
        assertTrue(table.contains("| " + Benchmark.STOCK_DEFAULT + " | 200.0 [150.0–250.0] | 4.00 [3.50–4.50] | 3.50 |"), table);
    }

    @Test
    void wholeRunCpuIsTotalTimeOverTotalRefreshes() {
        List<Slice> slices = List.of(
                new Slice("a", 0, 100, 0, 100, 1, 2, 2.0, 0, 0, 0), new Slice("a", 1, 300, 0, 300, 1, 2, 6.0, 0, 0, 0),
                new Slice("b", 0, 100, 0, 100, 1, 2, 9.0, 0, 0, 0), new Slice("a", 2, 0, 5, 0, 1, 2, Double.NaN, 0, 0, 0));

        assertEquals(5.0, Slice.wholeRunCpuMillisPerRefresh(slices, "a"), 1e-12);
        assertTrue(Double.isNaN(Slice.wholeRunCpuMillisPerRefresh(slices, "c")));
    }

    @Test
    void pairJsonCarriesEachMetricsMedianAndRange() {
        List<Slice> slices = List.of(slice(Benchmark.STOCK_REVOKE, 0, 90, 6.0), slice(Benchmark.STOCK_DEFAULT, 0, 100, 5.0));

        Map<String, Object> json = Report.pairsJson(slices, List.of(Report.Pair.of(Benchmark.STOCK_REVOKE, Benchmark.STOCK_DEFAULT)));

        @SuppressWarnings("unchecked")
        Map<String, Spread> metrics = (Map<String, Spread>) json.get(Benchmark.STOCK_REVOKE + " / " + Benchmark.STOCK_DEFAULT);
        assertEquals(0.9, metrics.get("throughput").median(), 1e-12);
        assertEquals(1.2, metrics.get("cpuPerRefresh").median(), 1e-12);
        assertEquals(1, metrics.get("p99").n());
    }

    private static Slice slice(String variant, int round, double throughput, double cpu) {
        return new Slice(variant, round, (long) throughput, 0, throughput, 1.0, 2.0, cpu, 0.5, 0, 0);
    }
}
