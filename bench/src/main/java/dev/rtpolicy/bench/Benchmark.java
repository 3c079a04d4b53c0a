package dev.rtpolicy.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;

/**
 * Refresh-grant cost of Keycloak with this extension against stock Keycloak, both servers up at once on this machine
 * (same distribution, JVM options and database kind: embedded H2). The load alternates between the variants in short
 * slices, round after round, so that the machine's drift hits every variant alike; each round gives paired ratios,
 * reported as medians with interquartile ranges. Arguments: stock home, extension home, results folder, Keycloak
 * version.
 */
public final class Benchmark {

    static final String STOCK_DEFAULT = "stock, default (rotation, no reuse detection)";
    static final String STOCK_REVOKE = "stock, Revoke Refresh Token on";
    static final String EXTENSION_DEFAULT = "extension, default settings (rotation, reuse detection, grace 0)";
    static final String EXTENSION_GRACE = "extension, rotation + reuse detection + 10 s grace";

    private static final int CHAINS = 64;
    private static final int IN_FLIGHT = 8;
    private static final int ROUNDS = 12;
    /** Untimed load before each slice: the server that was idle gets its threads and connections going again. */
    private static final Duration RAMP = Duration.ofSeconds(1);
    private static final Duration SLICE = Duration.ofSeconds(5);
    /** Once per server, before any measurement: the JIT has compiled the refresh path before anything is timed. */
    private static final Duration SERVER_WARM_UP = Duration.ofSeconds(30);
    private static final List<String> JVM = List.of("-Xms512m", "-Xmx512m");

    private Benchmark() {
    }

    /** One variant: a realm of its own on one of the two servers, and its token chains. */
    private record Variant(String name, KeycloakServer server, long pid, LoadRun load, List<LoadRun.Chain> chains) {
    }

    public static void main(String[] args) throws Exception {
        Path stockHome = Paths.get(args[0]);
        Path extensionHome = Paths.get(args[1]);
        Path results = Paths.get(args[2]);
        String keycloakVersion = args[3];
        long ticksPerSecond = CpuTime.ticksPerSecond();

        CompletableFuture<KeycloakServer> stockStart = CompletableFuture.supplyAsync(() -> launch(stockHome, results.resolve("../target/stock-server.log")));
        KeycloakServer extension = launch(extensionHome, results.resolve("../target/extension-server.log"));
        KeycloakServer stock = stockStart.join();
        warmUp(stock);
        warmUp(extension);

        List<Variant> variants = List.of(
                variant(stock, STOCK_DEFAULT, null, null),
                variant(stock, STOCK_REVOKE, "{\"revokeRefreshToken\": true, \"refreshTokenMaxReuse\": 0}", null),
                variant(extension, EXTENSION_DEFAULT, null, "{}"),
                variant(extension, EXTENSION_GRACE, null, "{\"reuseGracePeriod\": 10}"));
        // One round through every variant's realm, not measured: its first refreshes warm what is still cold.
        for (Variant variant : variants) {
            variant.load().run(variant.chains(), IN_FLIGHT, SLICE);
        }
        List<Slice> slices = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // Each round starts with the next variant, so none is always the one right after the other server ran.
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get((round + i) % variants.size());
                variant.load().run(variant.chains(), IN_FLIGHT, RAMP);
                long before = CpuTime.ticks(variant.pid());
                Stats stats = variant.load().run(variant.chains(), IN_FLIGHT, SLICE);
                long after = CpuTime.ticks(variant.pid());
                Slice slice = Slice.of(variant.name(), round, stats, after - before, ticksPerSecond);
                slices.add(slice);
                System.out.printf("round %2d  %-66s %6.1f/s  p99 %6.2f ms  CPU %5.2f ms/refresh  errors %d%n", round + 1,
                        slice.variant(), slice.throughput(), slice.p99(), slice.cpuMillisPerRefresh(), slice.errors());
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("profileStockDefault", profile(stock, null, results.resolve("../target/stock.jfr")));
        stock.stop();
        extra.put("historyIndependence", history(extension));
        extra.put("profileExtensionDefault", profile(extension, "{}", results.resolve("../target/extension.jfr")));
        extension.stop();

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("date", LocalDate.now().toString());
        header.put("keycloakVersion", keycloakVersion);
        header.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + ", Java " + System.getProperty("java.version"));
        header.put("chains", CHAINS);
        header.put("inFlight", IN_FLIGHT);
        header.put("rounds", ROUNDS);
        header.put("sliceSeconds", SLICE.toSeconds());
        String table = Report.pairs(slices) + "\n" + Report.absolutes(slices, List.of(STOCK_DEFAULT, STOCK_REVOKE, EXTENSION_DEFAULT, EXTENSION_GRACE));
        Report.writeJson(results.resolve("results.json"), header, slices, extra);
        Files.writeString(results.resolve("throughput.svg"), Report.svg(slices, List.of(STOCK_DEFAULT, STOCK_REVOKE, EXTENSION_DEFAULT, EXTENSION_GRACE),
                "Refresh grant, Keycloak " + keycloakVersion + ", " + header.get("date") + " (medians of " + ROUNDS + " interleaved rounds)"));
        System.out.println();
        System.out.println(table);
        System.out.println("history: " + extra.get("historyIndependence"));
        System.out.println("profile, stock default: " + extra.get("profileStockDefault"));
        System.out.println("profile, extension default: " + extra.get("profileExtensionDefault"));
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
        new LoadRun(client.tokenEndpoint(), "bench", "bench-secret").run(login(client, 50), 16, SERVER_WARM_UP);
    }

    private static Variant variant(KeycloakServer server, String name, String realmSettings, String policy) throws Exception {
        Admin admin = new Admin(server);
        String realm = admin.createRealm("bench.json");
        if (realmSettings != null) {
            Admin.expect(204, admin.put("/" + realm, realmSettings));
        }
        if (policy != null) {
            admin.setPolicy(realm, policy);
        }
        OAuthClient client = new OAuthClient(server, realm, "bench", "bench-secret");
        return new Variant(name, server, server.javaPid(), new LoadRun(client.tokenEndpoint(), "bench", "bench-secret"), login(client, CHAINS));
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

    /** A JFR recording (CPU samples) of 12 s of refresh load at default settings, 8 in flight. */
    private static Map<String, Object> profile(KeycloakServer server, String policy, Path recording) throws Exception {
        Admin admin = new Admin(server);
        String realm = admin.createRealm("bench.json");
        if (policy != null) {
            admin.setPolicy(realm, policy);
        }
        OAuthClient client = new OAuthClient(server, realm, "bench", "bench-secret");
        List<LoadRun.Chain> chains = login(client, CHAINS);
        LoadRun load = new LoadRun(client.tokenEndpoint(), "bench", "bench-secret");
        load.run(chains, IN_FLIGHT, Duration.ofSeconds(5));
        Files.deleteIfExists(recording);
        jcmd(server.javaPid(), "JFR.start", "name=bench", "settings=profile");
        Stats stats = load.run(chains, IN_FLIGHT, Duration.ofSeconds(12));
        jcmd(server.javaPid(), "JFR.stop", "name=bench", "filename=" + recording.normalize());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("refreshes", stats.requests());
        summary.putAll(Profile.summarize(recording, 10));
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

    private static List<LoadRun.Chain> login(OAuthClient client, int sessions) {
        List<LoadRun.Chain> chains = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            var response = client.password("bench-user", "bench-password", null);
            if (response.status() != 200) {
                throw new IllegalStateException("login failed: " + response.body());
            }
            chains.add(new LoadRun.Chain(response.json().get("refresh_token").asText()));
        }
        return chains;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
