package dev.rtpolicy.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;

/**
 * Refresh-grant cost of Keycloak with this extension against stock Keycloak, both servers up at once on this machine
 * (same distribution, JVM options and database kind: PostgreSQL). The load alternates between the variants in short
 * slices, round after round, so that the machine's drift hits every variant alike; each round gives paired ratios,
 * reported as medians with interquartile ranges. Arguments: stock home, extension home, results folder, Keycloak
 * version.
 */
public final class Benchmark {

    static final String STOCK_DEFAULT = "stock, default (rotation, no reuse detection)";
    static final String STOCK_REVOKE = "stock, Revoke Refresh Token on";
    static final String EXTENSION_DEFAULT = "extension, default settings (rotation, reuse detection, grace 0)";
    static final String EXTENSION_GRACE = "extension, rotation + reuse detection + 10 s grace";

    /**
     * Real clients refresh a session when its access token runs out, minutes apart; the target workload keeps every
     * session's refreshes more than a second apart, as any real client does, so that stock Keycloak writes the
     * refreshed session as it does in production. Keycloak's session timestamps have second resolution and it skips
     * writing a timestamp that did not change: many refreshes of one session within a second cost stock almost no
     * session write, while rotation with reuse detection (stock's "Revoke Refresh Token" and this extension) must
     * record every rotation. The hot-chain workload shows that case apart.
     */
    static final Workload SESSIONS = new Workload("sessions", "2,048 sessions, each refreshed about every 2 s", 2048, 12);
    static final Workload HOT_CHAINS = new Workload("hot chains", "64 sessions, each refreshed about 15 times a second", 64, 8);

    private static final String REVOKE_REFRESH_TOKEN = "{\"revokeRefreshToken\": true, \"refreshTokenMaxReuse\": 0}";
    private static final int IN_FLIGHT = 8;
    private static final int LOGIN_THREADS = 8;
    /** Untimed load before each slice: the server that was idle gets its threads and connections going again. */
    private static final Duration RAMP = Duration.ofSeconds(1);
    private static final Duration SLICE = Duration.ofSeconds(5);
    /** Once per server, before any measurement: the JIT has compiled the refresh path before anything is timed. */
    private static final Duration SERVER_WARM_UP = Duration.ofSeconds(30);
    /**
     * Java 17's code-cache sweeper, left on, made a whole generation of compiled code not entrant while the load ran
     * (one sweep zombified 23,027 methods here), to be compiled again. Java 20 removed the sweeper. The compiler's long
     * first pass over the refresh path is waited out by {@link #warmUntilCompiled}.
     */
    private static final List<String> JVM = List.of("-Xms512m", "-Xmx512m", "-XX:-UseCodeCacheFlushing");
    private static final double JIT_QUIET_PERCENT = 2;
    /** One quiet round was not enough: single measured slices still showed up to 8.6 % compiler CPU. */
    private static final int QUIET_ROUNDS_NEEDED = 2;
    private static final int MAX_WARM_ROUNDS = 40;
    private static final List<String> VARIANTS = List.of(STOCK_DEFAULT, STOCK_REVOKE, EXTENSION_DEFAULT, EXTENSION_GRACE);

    private Benchmark() {
    }

    /** How many token chains the load cycles through, and for how many interleaved rounds. */
    record Workload(String name, String description, int chains, int rounds) {
    }

    /** One variant: a realm of its own on one of the two servers, and its token chains. */
    private record Variant(String name, KeycloakServer server, long pid, LoadRun load, List<LoadRun.Chain> chains) {
    }

    public static void main(String[] args) throws Exception {
        Path stockHome = Paths.get(args[0]);
        Path extensionHome = Paths.get(args[1]);
        Path results = Paths.get(args[2]);
        String keycloakVersion = args[3];
        // Sessions are persisted on every refresh: in the production database, so that what is measured is
        // Keycloak's work and its database's, not the embedded H2's query plans (which differed between two
        // servers holding the same data by a factor of ten for the session lock's primary-key lookup).
        System.setProperty("keycloak.db", "postgres");

        CompletableFuture<KeycloakServer> stockStart = CompletableFuture.supplyAsync(() -> launch(stockHome, results.resolve("../target/stock-server.log")));
        KeycloakServer extension;
        try {
            extension = launch(extensionHome, results.resolve("../target/extension-server.log"));
        } catch (RuntimeException e) {
            // The stock server started beside it would outlive this run: a shutdown hook did not stop it under exec:java.
            stockStart.handle((stock, failed) -> {
                if (stock != null) {
                    stock.stopAndDropDatabase();
                }
                return null;
            }).join();
            throw e;
        }
        KeycloakServer stock = stockStart.join();
        warmUp(stock);
        warmUp(extension);

        Map<String, List<Slice>> slices = new LinkedHashMap<>();
        for (Workload workload : List.of(SESSIONS, HOT_CHAINS)) {
            slices.put(workload.name(), measure(workload, stock, extension));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("profileStockDefault", profile(stock, null, null, results.resolve("../target/stock.jfr")));
        extra.put("profileStockRevoke", profile(stock, REVOKE_REFRESH_TOKEN, null, results.resolve("../target/stock-revoke.jfr")));
        stock.stopAndDropDatabase();
        extra.put("historyIndependence", history(extension));
        extra.put("profileExtensionDefault", profile(extension, null, "{}", results.resolve("../target/extension.jfr")));
        extension.stopAndDropDatabase();

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("date", LocalDate.now().toString());
        header.put("keycloakVersion", keycloakVersion);
        header.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + ", Java " + System.getProperty("java.version"));
        header.put("inFlight", IN_FLIGHT);
        header.put("sliceSeconds", SLICE.toSeconds());
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
     * One workload's interleaved rounds: every variant gets a realm of its own with the workload's chains; after one
     * unmeasured round, each round gives every variant one slice, starting with the next variant each round.
     */
    private static List<Slice> measure(Workload workload, KeycloakServer stock, KeycloakServer extension) throws Exception {
        long ticksPerSecond = CpuTime.ticksPerSecond();
        List<Variant> variants = List.of(
                variant(stock, STOCK_DEFAULT, workload.chains(), null, null),
                variant(stock, STOCK_REVOKE, workload.chains(), REVOKE_REFRESH_TOKEN, null),
                variant(extension, EXTENSION_DEFAULT, workload.chains(), null, "{}"),
                variant(extension, EXTENSION_GRACE, workload.chains(), null, "{\"reuseGracePeriod\": 10}"));
        warmUntilCompiled(workload, variants);
        List<Slice> slices = new ArrayList<>();
        for (int round = 0; round < workload.rounds(); round++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get((round + i) % variants.size());
                variant.load().run(variant.chains(), IN_FLIGHT, RAMP);
                long before = CpuTime.ticks(variant.pid());
                long compilerBefore = CpuTime.compilerTicks(variant.pid());
                long databaseBefore = CpuTime.databaseTicks();
                Stats stats = variant.load().run(variant.chains(), IN_FLIGHT, SLICE);
                long after = CpuTime.ticks(variant.pid());
                long compilerAfter = CpuTime.compilerTicks(variant.pid());
                long databaseAfter = CpuTime.databaseTicks();
                Slice slice = Slice.of(variant.name(), round, stats, after - before, compilerAfter - compilerBefore, databaseAfter - databaseBefore,
                        ticksPerSecond);
                slices.add(slice);
                System.out.printf("%-10s round %2d  %-66s %6.1f/s  p99 %6.2f ms  CPU %5.2f + DB %5.2f ms/refresh  errors %d  <1 s repeats %.1f %%  JIT %.1f %%%n",
                        workload.name(), round + 1, slice.variant(), slice.throughput(), slice.p99(), slice.cpuMillisPerRefresh(),
                        slice.databaseCpuMillisPerRefresh(), slice.errors(),
                        slice.closeRepeatPercent(), slice.jitPercent());
            }
        }
        return slices;
    }

    /**
     * Unmeasured rounds until the JIT compiler took less than {@value #JIT_QUIET_PERCENT} % of every variant's CPU in
     * {@value #QUIET_ROUNDS_NEEDED} rounds in a row: on two cores shared with the load, Keycloak's C2 compiler works
     * through the refresh path for minutes (15-20 % of the CPU), and a slice measured before that measures compilation.
     */
    private static void warmUntilCompiled(Workload workload, List<Variant> variants) throws Exception {
        int quietRounds = 0;
        for (int round = 1; round <= MAX_WARM_ROUNDS; round++) {
            double loudest = 0;
            for (Variant variant : variants) {
                long before = CpuTime.ticks(variant.pid());
                long compilerBefore = CpuTime.compilerTicks(variant.pid());
                variant.load().run(variant.chains(), IN_FLIGHT, SLICE);
                long compiler = CpuTime.compilerTicks(variant.pid()) - compilerBefore;
                loudest = Math.max(loudest, 100.0 * compiler / Math.max(1, CpuTime.ticks(variant.pid()) - before));
            }
            System.out.printf("%-10s warm-up %2d  largest JIT share %.1f %%%n", workload.name(), round, loudest);
            quietRounds = loudest < JIT_QUIET_PERCENT ? quietRounds + 1 : 0;
            if (quietRounds == QUIET_ROUNDS_NEEDED) {
                return;
            }
        }
        System.out.printf("%-10s the JIT compiler did not settle in %d warm-up rounds; measuring anyway%n", workload.name(), MAX_WARM_ROUNDS);
    }

    private static KeycloakServer launch(Path home, Path log) {
        try {
            return KeycloakServer.launch(home, log.normalize(), JVM);
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + home, e);
        }
    }

    private static void warmUp(KeycloakServer server) throws Exception {
        Admin admin = new Admin(server);
        OAuthClient client = new OAuthClient(server, admin.createRealm("bench.json"), "bench", "bench-secret");
        new LoadRun(client.tokenEndpoint(), "bench", "bench-secret").run(login(client, SESSIONS.chains()), 16, SERVER_WARM_UP);
    }

    private static Variant variant(KeycloakServer server, String name, int chains, String realmSettings, String policy) throws Exception {
        Admin admin = new Admin(server);
        String realm = admin.createRealm("bench.json");
        if (realmSettings != null) {
            Admin.expect(204, admin.put("/" + realm, realmSettings));
        }
        if (policy != null) {
            admin.setPolicy(realm, policy);
        }
        OAuthClient client = new OAuthClient(server, realm, "bench", "bench-secret");
        return new Variant(name, server, server.javaPid(), new LoadRun(client.tokenEndpoint(), "bench", "bench-secret"), login(client, chains));
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

    /** A JFR recording (CPU samples) of 30 s of refresh load, 8 in flight, on the sessions workload, in a realm with these settings. */
    private static Map<String, Object> profile(KeycloakServer server, String realmSettings, String policy, Path recording) throws Exception {
        Admin admin = new Admin(server);
        String realm = admin.createRealm("bench.json");
        if (realmSettings != null) {
            Admin.expect(204, admin.put("/" + realm, realmSettings));
        }
        if (policy != null) {
            admin.setPolicy(realm, policy);
        }
        OAuthClient client = new OAuthClient(server, realm, "bench", "bench-secret");
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
