package dev.rtpolicy.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;

/**
 * Refresh-grant cost of Keycloak with this extension against stock Keycloak. Every variant runs on a Keycloak server
 * of its own, all up at once on this machine (same distribution, JVM options and database kind: PostgreSQL), so that
 * all of a server's CPU time is its variant's, including work it does after a request has been answered; two stock
 * servers do the same work, since two JVMs of one distribution differ by a few points (their JIT compilers decide
 * differently), and the target is measured against both. The load moves from variant to variant every two seconds,
 * in a new random order every round, so that the machine's drift (this host's speed changed by tens of percent within
 * seconds) hits paired windows alike and no variant always follows the same one (whose leftover work, in the
 * database or on the shared cores, spills into the next window); each round gives paired ratios, reported as medians
 * with interquartile ranges.
 * Arguments: stock home, extension home, results folder (one per Keycloak line), Keycloak version.
 */
public final class Benchmark {

    static final String STOCK_DEFAULT = "stock, default (rotation, no reuse detection)";
    /** The same work as {@link #STOCK_DEFAULT} on a server of its own. */
    static final String STOCK_DEFAULT_SECOND = "stock, default, second server";
    static final String STOCK_REVOKE = "stock, Revoke Refresh Token on";
    static final String EXTENSION_DEFAULT = "extension, default settings (rotation, reuse detection, grace 0)";
    static final String EXTENSION_GRACE = "extension, rotation + reuse detection + 10 s grace";

    /**
     * A measured window in the console output (always {@link Locale#ROOT}), as {@link Pooled} reads it back: CPU per
     * refresh with three decimals (runs before 2026-12-07's fifth 26.4 run printed two: off by at most 0.2 % of a 2.5 ms
     * window).
     */
    static final String WINDOW_LINE = "%-10s round %2d  %-66s %6.1f/s  p99 %6.2f ms  CPU %6.3f + DB %6.3f ms/refresh  errors %d  <1 s repeats %.1f %%  JIT %.1f %%";

    /**
     * Real clients refresh a session when its access token runs out, minutes apart; the target workload keeps every
     * session's refreshes more than a second apart, as any real client does, so that stock Keycloak writes the
     * refreshed session as it does in production. Keycloak's session timestamps have second resolution and it skips
     * writing a timestamp that did not change: many refreshes of one session within a second cost stock almost no
     * session write, while rotation with reuse detection (stock's "Revoke Refresh Token" and this extension) must
     * record every rotation. The hot-chain workload shows that case apart.
     */
    static final Workload SESSIONS = new Workload("sessions", "2,048 sessions, each refreshed about every 4 s of its own load", 2048, 40);
    static final Workload HOT_CHAINS = new Workload("hot chains", "64 sessions, each refreshed about 15 times a second", 64, 20);

    private static final String REVOKE_REFRESH_TOKEN = "{\"revokeRefreshToken\": true, \"refreshTokenMaxReuse\": 0}";
    private static final int IN_FLIGHT = 8;
    private static final int LOGIN_THREADS = 8;
    /**
     * One variant's share of a round. Paired windows further apart in time differed more (median deviation of the
     * log ratio 0.10 next to each other, 0.17 three windows apart, with 6 s windows): the windows are short.
     */
    private static final Duration WINDOW = Duration.ofSeconds(2);
    /** Once per server, before any measurement: the JIT has compiled the refresh path before anything is timed. */
    private static final Duration SERVER_WARM_UP = Duration.ofSeconds(20);
    /**
     * Java 17's code-cache sweeper, left on, made a whole generation of compiled code not entrant while the load ran
     * (one sweep zombified 23,027 methods here), to be compiled again. Java 20 removed the sweeper. The compiler's long
     * first pass over the refresh path is waited out by {@link #warmUntilCompiled}.
     */
    private static final List<String> JVM = List.of("-Xms512m", "-Xmx512m", "-XX:-UseCodeCacheFlushing",
            // a compiler thread that Java 17 stops mid-round takes its CPU time out of /proc: the JIT share would read low
            "-XX:-UseDynamicNumberOfCompilerThreads");
    private static final double JIT_QUIET_PERCENT = 2;
    /** One quiet round was not enough: windows measured after it still showed up to 8.6 % compiler CPU. */
    private static final int QUIET_ROUNDS_NEEDED = 3;
    private static final int MAX_WARM_ROUNDS = 150;
    private static final long ORDER_SEED = 20261127;

    /** What each server runs: its variant's name, the distribution (stock or with the extension) and the realm's settings. */
    record Setup(String variant, String id, boolean extension, String realmSettings, String policy) {
    }

    static final List<Setup> SETUPS = List.of(
            new Setup(STOCK_DEFAULT, "stock-default", false, null, null),
            new Setup(STOCK_DEFAULT_SECOND, "stock-default-2", false, null, null),
            new Setup(STOCK_REVOKE, "stock-revoke", false, REVOKE_REFRESH_TOKEN, null),
            new Setup(EXTENSION_DEFAULT, "extension-default", true, null, "{}"),
            new Setup(EXTENSION_GRACE, "extension-grace", true, null, "{\"reuseGracePeriod\": 10}"));
    static final List<String> VARIANTS = SETUPS.stream().map(Setup::variant).toList();

    private Benchmark() {
    }

    /** How many token chains the load cycles through, and for how many interleaved rounds. */
    record Workload(String name, String description, int chains, int rounds) {
    }

    /** One variant: a realm on its own server, and its token chains. */
    private record Variant(String name, long pid, LoadRun load, List<LoadRun.Chain> chains) {
    }

    public static void main(String[] args) throws Exception {
        Path stockHome = Paths.get(args[0]);
        Path extensionHome = Paths.get(args[1]);
        Path results = Paths.get(args[2]);
        String keycloakVersion = args[3];
        // the stock distribution is unpacked at <bench>/target/stock/keycloak-<version>
        Path target = stockHome.toAbsolutePath().getParent().getParent();
        Files.createDirectories(results);
        // Sessions are persisted on every refresh: in the production database, so that what is measured is
        // Keycloak's work and its database's, not the embedded H2's query plans (which differed between two
        // servers holding the same data by a factor of ten for the session lock's primary-key lookup).
        System.setProperty("keycloak.db", "postgres");

        Map<String, KeycloakServer> servers = launchAll(stockHome, extensionHome, target);
        try {
            for (KeycloakServer server : servers.values()) {
                warmUp(server);
            }
            run(servers, results, target, keycloakVersion);
        } finally {
            servers.values().forEach(KeycloakServer::stopAndDropDatabase);
        }
    }

    private static void run(Map<String, KeycloakServer> servers, Path results, Path target, String keycloakVersion) throws Exception {
        Map<String, List<Slice>> slices = new LinkedHashMap<>();
        for (Workload workload : List.of(SESSIONS, HOT_CHAINS)) {
            slices.put(workload.name(), measure(workload, servers));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        Map<String, Object> pairs = new LinkedHashMap<>();
        slices.forEach((workload, measured) -> pairs.put(workload, Report.pairsJson(measured, Report.PAIRS)));
        extra.put("pairs", pairs);
        extra.put("profileStockDefault", profile(servers, STOCK_DEFAULT, target.resolve("stock.jfr")));
        extra.put("profileStockRevoke", profile(servers, STOCK_REVOKE, target.resolve("stock-revoke.jfr")));
        extra.put("historyIndependence", history(servers.get(EXTENSION_GRACE)));
        extra.put("profileExtensionDefault", profile(servers, EXTENSION_DEFAULT, target.resolve("extension.jfr")));

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("date", LocalDate.now().toString());
        header.put("keycloakVersion", keycloakVersion);
        header.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + ", Java " + System.getProperty("java.version"));
        header.put("inFlight", IN_FLIGHT);
        header.put("windowSeconds", WINDOW.toSeconds());
        header.put("workloads", List.of(SESSIONS, HOT_CHAINS));
        Report.writeJson(results.resolve("results.json"), header, slices, extra);
        Files.writeString(results.resolve("throughput.svg"), Report.svg(slices.get(SESSIONS.name()), VARIANTS,
                "Refresh grant, Keycloak " + keycloakVersion + ", " + header.get("date") + ", " + SESSIONS.description() + " (medians of " + SESSIONS.rounds()
                        + " interleaved rounds)"));
        System.out.println();
        for (Workload workload : List.of(SESSIONS, HOT_CHAINS)) {
            System.out.println("Workload " + workload.name() + ": " + workload.description() + ", " + IN_FLIGHT + " in flight, " + workload.rounds() + " rounds");
            System.out.println(Report.pairs(slices.get(workload.name()), Report.PAIRS));
            System.out.println(Report.absolutes(slices.get(workload.name()), VARIANTS));
        }
        System.out.println("history: " + extra.get("historyIndependence"));
        System.out.println("profile, stock default: " + extra.get("profileStockDefault"));
        System.out.println("profile, stock Revoke Refresh Token: " + extra.get("profileStockRevoke"));
        System.out.println("profile, extension default: " + extra.get("profileExtensionDefault"));
    }

    /**
     * One workload's interleaved rounds: every variant gets a realm on its server with the workload's chains; after the
     * warm-up, each round gives every variant one window of load, in the round's random order ({@link Round#order}). A
     * variant's CPU is its server's over the whole round (its window and the others', so work done after its
     * responses counts), per successful refresh in its window.
     */
    private static List<Slice> measure(Workload workload, Map<String, KeycloakServer> servers) throws Exception {
        long ticksPerSecond = CpuTime.ticksPerSecond();
        List<Variant> variants = new ArrayList<>();
        for (Setup setup : SETUPS) {
            variants.add(variant(servers.get(setup.variant()), setup, workload.chains()));
        }
        warmUntilCompiled(workload, variants);
        List<Slice> slices = new ArrayList<>();
        for (int round = 0; round < workload.rounds(); round++) {
            Round measured = Round.run(variants, round);
            for (Variant variant : variants) {
                Slice slice = measured.slice(variant, round, ticksPerSecond);
                slices.add(slice);
                System.out.printf(Locale.ROOT, WINDOW_LINE + "%n",
                        workload.name(), round + 1, slice.variant(), slice.throughput(), slice.p99(), slice.cpuMillisPerRefresh(),
                        slice.databaseCpuMillisPerRefresh(), slice.errors(), slice.closeRepeatPercent(), slice.jitPercent());
            }
        }
        return slices;
    }

    /**
     * One round: each variant's window of load (in the round's order), and every server's CPU over the whole round;
     * keyed by variant name.
     */
    private record Round(Map<String, Stats> stats, Map<String, Long> ticks, Map<String, Long> compilerTicks, Map<String, Long> databaseTicks) {

        /** The round's order of windows: a permutation drawn from a seed per round, so a run can be repeated. */
        static List<Variant> order(List<Variant> variants, int round) {
            List<Variant> order = new ArrayList<>(variants);
            Collections.shuffle(order, new Random(ORDER_SEED + round));
            return order;
        }

        static Round run(List<Variant> variants, int round) throws Exception {
            Map<String, Long> ticks = new HashMap<>();
            Map<String, Long> compilerTicks = new HashMap<>();
            for (Variant variant : variants) {
                ticks.put(variant.name(), -CpuTime.ticks(variant.pid()));
                compilerTicks.put(variant.name(), -CpuTime.compilerTicks(variant.pid()));
            }
            Map<String, Stats> stats = new HashMap<>();
            Map<String, Long> databaseTicks = new HashMap<>();
            for (Variant variant : order(variants, round)) {
                long databaseBefore = CpuTime.databaseTicks();
                stats.put(variant.name(), variant.load().run(variant.chains(), IN_FLIGHT, WINDOW));
                databaseTicks.put(variant.name(), CpuTime.databaseTicks() - databaseBefore);
            }
            for (Variant variant : variants) {
                ticks.merge(variant.name(), CpuTime.ticks(variant.pid()), Long::sum);
                compilerTicks.merge(variant.name(), CpuTime.compilerTicks(variant.pid()), Long::sum);
            }
            return new Round(stats, ticks, compilerTicks, databaseTicks);
        }

        Slice slice(Variant variant, int round, long ticksPerSecond) {
            String name = variant.name();
            return Slice.of(name, round, stats.get(name), ticks.get(name), compilerTicks.get(name), databaseTicks.get(name), ticksPerSecond);
        }

        /** The largest share of a server's CPU its JIT compiler took in this round. */
        double loudestJitPercent() {
            return ticks.keySet().stream().mapToDouble(v -> 100.0 * compilerTicks.get(v) / Math.max(1, ticks.get(v))).max().orElse(0);
        }
    }

    /**
     * Unmeasured rounds until the JIT compiler took less than {@value #JIT_QUIET_PERCENT} % of every server's CPU in
     * {@value #QUIET_ROUNDS_NEEDED} rounds in a row: on two cores shared with the load, Keycloak's C2 compiler works
     * through the refresh path for minutes (15-20 % of the CPU), and a window measured before that measures compilation.
     */
    private static void warmUntilCompiled(Workload workload, List<Variant> variants) throws Exception {
        int quietRounds = 0;
        for (int round = 1; round <= MAX_WARM_ROUNDS; round++) {
            double loudest = Round.run(variants, round).loudestJitPercent();
            System.out.printf("%-10s warm-up %3d  largest JIT share %.1f %%%n", workload.name(), round, loudest);
            quietRounds = loudest < JIT_QUIET_PERCENT ? quietRounds + 1 : 0;
            if (quietRounds == QUIET_ROUNDS_NEEDED) {
                return;
            }
        }
        System.out.printf("%-10s the JIT compiler did not settle in %d warm-up rounds; measuring anyway%n", workload.name(), MAX_WARM_ROUNDS);
    }

    /**
     * A copy of the stock or the extended distribution per variant, each built and started on a database of its own,
     * two at a time. If one fails, the others are stopped and their databases dropped before failing (a failed server
     * cleans up after itself, {@link KeycloakServer#launch}; a shutdown hook did not stop them under exec:java).
     */
    private static Map<String, KeycloakServer> launchAll(Path stockHome, Path extensionHome, Path target) throws Exception {
        Map<String, Path> homes = new LinkedHashMap<>();
        for (Setup setup : SETUPS) {
            Path home = target.resolve("servers").resolve(setup.id());
            KeycloakServer.copyDistribution(setup.extension() ? extensionHome : stockHome, home);
            homes.put(setup.variant(), home);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<String, Future<KeycloakServer>> starts = new LinkedHashMap<>();
        for (Setup setup : SETUPS) {
            Path log = target.resolve(setup.id() + "-server.log");
            starts.put(setup.variant(), pool.submit(() -> KeycloakServer.launch(homes.get(setup.variant()), log, JVM)));
        }
        pool.shutdown();
        Map<String, KeycloakServer> servers = new LinkedHashMap<>();
        Exception failure = null;
        for (Map.Entry<String, Future<KeycloakServer>> start : starts.entrySet()) {
            try {
                // waits for the starts under way even after a failure, so that none is left running
                servers.put(start.getKey(), start.getValue().get());
            } catch (ExecutionException | InterruptedException e) {
                Exception cause = new IllegalStateException("could not start the server of " + start.getKey(), e instanceof ExecutionException ? e.getCause() : e);
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            servers.values().forEach(KeycloakServer::stopAndDropDatabase);
            throw failure;
        }
        return servers;
    }

    private static void warmUp(KeycloakServer server) throws Exception {
        Admin admin = new Admin(server);
        OAuthClient client = new OAuthClient(server, admin.createRealm("bench.json"), "bench", "bench-secret");
        new LoadRun(client.tokenEndpoint(), "bench", "bench-secret").run(login(client, SESSIONS.chains()), 16, SERVER_WARM_UP);
    }

    private static Variant variant(KeycloakServer server, Setup setup, int chains) throws Exception {
        OAuthClient client = realm(server, setup);
        return new Variant(setup.variant(), server.javaPid(), new LoadRun(client.tokenEndpoint(), "bench", "bench-secret"), login(client, chains));
    }

    /** A new bench realm on {@code server} with the setup's realm settings and policy; its bench client. */
    private static OAuthClient realm(KeycloakServer server, Setup setup) throws Exception {
        Admin admin = new Admin(server);
        String realm = admin.createRealm("bench.json");
        if (setup.realmSettings() != null) {
            Admin.expect(204, admin.put("/" + realm, setup.realmSettings()));
        }
        if (setup.policy() != null) {
            admin.setPolicy(realm, setup.policy());
        }
        return new OAuthClient(server, realm, "bench", "bench-secret");
    }

    /** Refresh latency after 10 and after 5,000 rotations of one family: the family state must not grow. */
    private static Map<String, Object> history(KeycloakServer server) throws Exception {
        Admin admin = new Admin(server);
        String realm = admin.createRealm("bench.json");
        OAuthClient client = new OAuthClient(server, realm, "bench", "bench-secret");
        List<LoadRun.Chain> chain = login(client, 1);
        LoadRun load = new LoadRun(client.tokenEndpoint(), "bench", "bench-secret");
        Map<String, Object> history = new LinkedHashMap<>();
        int done = 0;
        for (int checkpoint : new int[] {10, 5_000}) {
            while (done < checkpoint) {
                load.refresh(chain.get(0));
                done++;
            }
            long[] latencies = new long[300];
            for (int i = 0; i < latencies.length; i++) {
                long t0 = System.nanoTime();
                load.refresh(chain.get(0));
                latencies[i] = System.nanoTime() - t0;
            }
            done += latencies.length;
            Stats stats = Stats.of(latencies, 1, 0);
            history.put("p50MsAfter" + checkpoint + "Rotations", round(stats.percentileMillis(50)));
            history.put("p99MsAfter" + checkpoint + "Rotations", round(stats.percentileMillis(99)));
        }
        return history;
    }

    /**
     * A JFR recording (CPU samples) of 30 s of refresh load, 8 in flight, on the sessions workload, on the variant's
     * server, in a new realm set up as the variant's.
     */
    private static Map<String, Object> profile(Map<String, KeycloakServer> servers, String variant, Path recording) throws Exception {
        KeycloakServer server = servers.get(variant);
        OAuthClient client = realm(server, SETUPS.stream().filter(setup -> setup.variant().equals(variant)).findFirst().orElseThrow());
        List<LoadRun.Chain> chains = login(client, SESSIONS.chains());
        LoadRun load = new LoadRun(client.tokenEndpoint(), "bench", "bench-secret");
        load.run(chains, IN_FLIGHT, Duration.ofSeconds(5));
        Files.deleteIfExists(recording);
        // Starting a recording deoptimizes compiled code; only samples after the JIT has caught up again count.
        jcmd(server.javaPid(), "JFR.start", "name=bench", "settings=profile");
        load.run(chains, IN_FLIGHT, Duration.ofSeconds(15));
        Instant from = Instant.now();
        Stats stats = load.run(chains, IN_FLIGHT, Duration.ofSeconds(30));
        jcmd(server.javaPid(), "JFR.stop", "name=bench", "filename=" + recording.normalize());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("refreshes", stats.requests());
        summary.putAll(Profile.summarize(recording, from, 10));
        return summary;
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }

    /** {@code sessions} password logins of the bench user, {@value #LOGIN_THREADS} at a time: one token chain each. */
    private static List<LoadRun.Chain> login(OAuthClient client, int sessions) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(LOGIN_THREADS);
        try {
            List<Future<LoadRun.Chain>> logins = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                logins.add(pool.submit(() -> {
                    var response = client.password("bench-user", "bench-password", null);
                    if (response.status() != 200) {
                        throw new IllegalStateException("login failed: " + response.body());
                    }
                    return new LoadRun.Chain(response.json().get("refresh_token").asText());
                }));
            }
            List<LoadRun.Chain> chains = new ArrayList<>();
            for (Future<LoadRun.Chain> login : logins) {
                chains.add(login.get());
            }
            return chains;
        } finally {
            pool.shutdown();
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
