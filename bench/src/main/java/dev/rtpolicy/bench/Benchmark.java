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

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;

/**
 * Refresh-grant throughput and latency of stock Keycloak and of Keycloak with this extension, measured one after the
 * other on this machine (same distribution, JVM options and database kind: embedded H2).
 * Arguments: stock home, extension home, results folder, Keycloak version.
 */
public final class Benchmark {

    private static final int SESSIONS = 200;
    private static final int[] CONCURRENCY = {8, 32};
    /** Once per server, before any measurement: the JIT has compiled the refresh path before anything is timed. */
    private static final Duration SERVER_WARM_UP = Duration.ofSeconds(30);
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(12);
    private static final List<String> JVM = List.of("-Xms512m", "-Xmx512m");

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path stockHome = Paths.get(args[0]);
        Path extensionHome = Paths.get(args[1]);
        Path results = Paths.get(args[2]);
        String keycloakVersion = args[3];
        List<Result> rows = new ArrayList<>();
        Map<String, Object> extra = new LinkedHashMap<>();

        KeycloakServer stock = KeycloakServer.launch(stockHome, results.resolve("../target/stock-server.log").normalize(), JVM);
        warmUp(stock);
        Map<Integer, Result> stockDefault = measure(stock, "stock, default (rotation, no reuse detection)", null, null, null, rows);
        Map<Integer, Result> stockRevoke = measure(stock, "stock, Revoke Refresh Token on", null, "{\"revokeRefreshToken\": true, \"refreshTokenMaxReuse\": 0}", null, rows);
        stock.stop();

        KeycloakServer extension = KeycloakServer.launch(extensionHome, results.resolve("../target/extension-server.log").normalize(), JVM);
        warmUp(extension);
        measure(extension, "extension, default settings", stockDefault, null, "{}", rows);
        measure(extension, "extension, rotation + reuse detection + 30 s grace", stockRevoke, null, "{\"reuseGracePeriod\": 30}", rows);
        extra.put("historyIndependence", history(extension));
        extra.put("profile", profile(extension, results));
        extension.stop();

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("date", LocalDate.now().toString());
        header.put("keycloakVersion", keycloakVersion);
        header.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + ", Java " + System.getProperty("java.version"));
        header.put("sessions", SESSIONS);
        header.put("warmUpSeconds", WARM_UP.toSeconds());
        header.put("measureSeconds", MEASURE.toSeconds());
        Report.writeJson(results.resolve("results.json"), header, rows, extra);
        Files.writeString(results.resolve("throughput.svg"), Report.svg(rows, "Refresh grant, Keycloak " + keycloakVersion + ", " + header.get("date")));
        System.out.println();
        System.out.println(Report.table(rows));
        System.out.println("history: " + extra.get("historyIndependence"));
        System.out.println("profile: " + extra.get("profile"));
    }

    private static void warmUp(KeycloakServer server) throws Exception {
        Admin admin = new Admin(server);
        OAuthClient client = new OAuthClient(server, admin.createRealm("bench.json"), "bench", "bench-secret");
        new LoadRun(client.tokenEndpoint(), "bench", "bench-secret").run(login(client, 50), 16, SERVER_WARM_UP);
    }

    /** One variant at each concurrency, each on fresh chains after a warm-up. */
    private static Map<Integer, Result> measure(KeycloakServer server, String variant, Map<Integer, Result> baseline,
                                                String realmSettings, String policy, List<Result> rows) throws Exception {
        Map<Integer, Result> byConcurrency = new LinkedHashMap<>();
        for (int concurrency : CONCURRENCY) {
            Admin admin = new Admin(server);
            String realm = admin.createRealm("bench.json");
            if (realmSettings != null) {
                Admin.expect(204, admin.put("/" + realm, realmSettings));
            }
            if (policy != null) {
                admin.setPolicy(realm, policy);
            }
            OAuthClient client = new OAuthClient(server, realm, "bench", "bench-secret");
            List<LoadRun.Chain> chains = login(client, SESSIONS);
            LoadRun load = new LoadRun(client.tokenEndpoint(), "bench", "bench-secret");
            load.run(chains, concurrency, WARM_UP);
            Stats stats = load.run(chains, concurrency, MEASURE);
            Result stock = baseline == null ? null : baseline.get(concurrency);
            Result result = Result.of(variant, stock == null ? null : stock.variant(), concurrency, stats, stock);
            System.out.println(Report.table(List.of(result)).lines().skip(2).findFirst().orElse(""));
            byConcurrency.put(concurrency, result);
            rows.add(result);
        }
        return byConcurrency;
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

    /** A JFR recording of 12 s of refresh load at 8 in flight (rotation + reuse detection + grace). */
    private static Map<String, Object> profile(KeycloakServer server, Path results) throws Exception {
        Admin admin = new Admin(server);
        String realm = admin.createRealm("bench.json");
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 30}");
        OAuthClient client = new OAuthClient(server, realm, "bench", "bench-secret");
        List<LoadRun.Chain> chains = login(client, SESSIONS);
        LoadRun load = new LoadRun(client.tokenEndpoint(), "bench", "bench-secret");
        load.run(chains, 8, WARM_UP);
        Path recording = results.resolve("../target/extension.jfr").normalize();
        Files.deleteIfExists(recording);
        jcmd(server.javaPid(), "JFR.start", "name=bench", "settings=profile");
        Stats stats = load.run(chains, 8, MEASURE);
        jcmd(server.javaPid(), "JFR.stop", "name=bench", "filename=" + recording);
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
