package dev.rtpolicy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Keycloak distribution ({@code keycloak.version}) unpacked by Maven into {@code target/}, with this tree's JAR in
 * {@code providers/}. Built once ({@code kc.sh build}) and started once per test JVM; every test class works in
 * realms of its own. {@link #restart()} stops and starts the same server (same database).
 */
public final class KeycloakServer {

    private static final String CLUSTER_HOSTNAME = "http://keycloak-cluster.test";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final String PROVIDER_JAR = "keycloak-refresh-token-policy.jar";
    /** The test-only provider (test-provider/): on every IT server; on a stock one only in {@link #stockCopyWithParking()}. */
    private static final String TEST_PROVIDER_JAR = "keycloak-refresh-token-policy-test-provider.jar";
    private static KeycloakServer instance;

    private final Path home;
    private final int httpPort;
    private final int managementPort;
    private final int cibaChannelPort;
    private final Path log;
    private final List<String> javaOptions;
    private final List<String> nodeOptions;
    private Database database;
    private boolean sharesDatabase;
    private Process process;
    private Path providerJar;

    private KeycloakServer(Path home, Path log, List<String> javaOptions, List<String> nodeOptions) throws IOException {
        this(home, log, javaOptions, nodeOptions, freePort(), freePort(), freePort());
    }

    private KeycloakServer(Path home, Path log, List<String> javaOptions, List<String> nodeOptions, int httpPort, int managementPort,
                           int cibaChannelPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.cibaChannelPort = cibaChannelPort;
        this.log = log;
        this.javaOptions = javaOptions;
        this.nodeOptions = nodeOptions;
    }

    /** The shared server, built and started on first use. */
    public static synchronized KeycloakServer get() {
        if (instance == null) {
            try {
                Path home = sharedHome();
                instance = launch(home, home.resolve("../keycloak-server.log").normalize(), List.of());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Keycloak did not start; see target/keycloak-server.log", e);
            }
        }
        return instance;
    }

    /**
     * The suite's distribution: {@code keycloak.home}, else {@code target/keycloak-<keycloak.version>} as Maven
     * unpacks it (failsafe passes both).
     */
    private static Path sharedHome() {
        String home = System.getProperty("keycloak.home");
        if (home == null) {
            String version = System.getProperty("keycloak.version");
            if (version == null) {
                throw new IllegalStateException("set -Dkeycloak.home or -Dkeycloak.version: which Keycloak distribution to run");
            }
            home = "target/keycloak-" + version;
        }
        return Paths.get(home).toAbsolutePath();
    }

    /**
     * Builds and starts the distribution at {@code home} with a fresh database (used by the benchmark, one server per
     * variant); stopped when the JVM exits. A server that fails to start is stopped and its database dropped.
     */
    public static KeycloakServer launch(Path home, Path log, List<String> javaOptions) throws IOException, InterruptedException {
        KeycloakServer server = new KeycloakServer(home, log, javaOptions, List.of("--cache=local"));
        try {
            server.build();
            server.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.stop();
            if (server.database != null) {
                server.database.drop();
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            server.database.drop();
        }));
        return server;
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    /** Where Keycloak sends CIBA authentication requests: the test plays the user's authentication device there. */
    public String cibaChannelUri() {
        return "http://127.0.0.1:" + cibaChannelPort + "/ciba";
    }

    public int cibaChannelPort() {
        return cibaChannelPort;
    }

    /** Keycloak's management interface: health and metrics. */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public Path logFile() {
        return log;
    }

    /**
     * Reads Keycloak's own tables (PostgreSQL only, the suite's default): {@code sql}'s rows, one per line, the columns
     * separated by {@code |}.
     */
    public String queryDatabase(String sql) {
        try {
            return database.query(sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A node of a cluster: a copy at {@code home} of {@code built}'s distribution (built again only if that was for
     * another database), started on the shared {@code database}
     * with Keycloak's embedded Infinispan clustered over loopback (JGroups, JDBC_PING discovery) at {@code clusterPort}.
     */
    static KeycloakServer clusterNode(KeycloakServer built, Path home, Path log, Database database, int clusterPort) throws IOException, InterruptedException {
        // one issuer for the whole cluster, as behind a load balancer: tokens of one node are valid on the other
        KeycloakServer node = new KeycloakServer(home, log, List.of(), List.of("--cache=ispn", "--hostname=" + CLUSTER_HOSTNAME,
                "--cache-embedded-network-bind-address=127.0.0.1", "--cache-embedded-network-bind-port=" + clusterPort));
        node.database = database;
        node.sharesDatabase = true;
        Files.deleteIfExists(log);
        if (!built.builtFor(database)) {
            node.augment();
        }
        node.start();
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop));
        return node;
    }

    /** Whether a copy of this server's distribution may start on {@code database} as built, without {@code kc.sh build}. */
    boolean builtFor(Database database) {
        return this.database.buildOptions().equals(database.buildOptions());
    }

    /** SIGKILL: no graceful shutdown, as a crashed node. */
    public synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        process = null;
    }

    public synchronized void startAgain() throws IOException, InterruptedException {
        start();
    }

    /** Whether the server is up (not killed or stopped). */
    public synchronized boolean isRunning() {
        return process != null;
    }

    public Path home() {
        return home;
    }

    /** The server's JVM (kc.sh starts it as a child process), for jcmd. */
    public long javaPid() {
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    public synchronized void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    private void build() throws IOException, InterruptedException {
        deleteRecursively(home.resolve("data"));
        Files.deleteIfExists(log);
        database = Database.fresh();
        augment();
    }

    private void augment() throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("build", "--features=declarative-ui,token-exchange", "--health-enabled=true", "--metrics-enabled=true"));
        options.addAll(database.buildOptions());
        run(options);
    }

    /**
     * Stock Keycloak: a private copy of the suite's distribution at {@code target/keycloak-stock} without this
     * tree's JAR, built and started on a fresh PostgreSQL database of its own (stopped and dropped when the JVM
     * exits). The shared server is not touched. {@link #installProvider()} and {@link #uninstallProvider()} restart
     * it on the same database with and without the JAR, as an operator upgrading or downgrading would.
     */
    public static KeycloakServer stockCopy() throws IOException, InterruptedException {
        Path shared = sharedHome();
        KeycloakServer server = privateCopy(shared, "keycloak-stock", PROVIDER_JAR, TEST_PROVIDER_JAR);
        server.providerJar = shared.resolve("providers").resolve(PROVIDER_JAR);
        server.augment();
        server.start();
        return server;
    }

    /**
     * Stock Keycloak on a database of its own, as {@link #stockCopy()}, but with the test-only provider
     * ({@code test-provider/}), so a test can park stock's own requests ({@link RequestParking}); at
     * {@code target/keycloak-stock-parking}. It stays stock: {@link #installProvider()} is not for it.
     */
    public static KeycloakServer stockCopyWithParking() throws IOException, InterruptedException {
        KeycloakServer server = privateCopy(sharedHome(), "keycloak-stock-parking", PROVIDER_JAR);
        server.augment();
        server.start();
        return server;
    }

    /**
     * A private copy of the distribution at {@code distribution} (with the JARs its {@code providers/} holds, e.g.
     * another line's), at {@code target/<name>}, built and started on a fresh PostgreSQL database of its own (stopped
     * and dropped when the JVM exits). The shared server is not touched.
     */
    public static KeycloakServer copyOf(Path distribution, String name) throws IOException, InterruptedException {
        KeycloakServer server = privateCopy(distribution.toAbsolutePath(), name);
        server.augment();
        server.start();
        return server;
    }

    /**
     * A private copy of the shared server's distribution (with this tree's JAR) at {@code target/<name>}, with
     * {@code confLines} (run-time options) added to its {@code conf/keycloak.conf} as an operator configures a server,
     * started on a fresh PostgreSQL database of its own (stopped and dropped when the JVM exits). The copy keeps the
     * shared server's build unless that was for another database; the shared server is not touched otherwise.
     */
    public static KeycloakServer configuredCopy(String name, List<String> confLines) throws IOException, InterruptedException {
        KeycloakServer built = get();
        KeycloakServer server = privateCopy(built.home, name);
        List<String> lines = new ArrayList<>(List.of(""));
        lines.addAll(confLines);
        Files.write(server.home.resolve("conf").resolve("keycloak.conf"), lines, StandardOpenOption.APPEND);
        if (!built.builtFor(server.database)) {
            server.augment();
        }
        server.start();
        return server;
    }

    /**
     * A server (not started) on a copy of {@code distribution} at {@code target/<name>} without the {@code removed}
     * provider JARs, on a fresh PostgreSQL database that is dropped, with the server stopped, when the JVM exits.
     */
    private static KeycloakServer privateCopy(Path distribution, String name, String... removed) throws IOException, InterruptedException {
        Path home = sharedHome().resolveSibling(name);
        deleteRecursively(home);
        copyTree(distribution, home);
        for (String jar : removed) {
            Files.deleteIfExists(home.resolve("providers").resolve(jar));
        }
        KeycloakServer server = new KeycloakServer(home, home.resolveSibling(name + ".log"), List.of(), List.of("--cache=local"));
        Files.deleteIfExists(server.log);
        server.database = Database.freshPostgres();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            server.database.drop();
        }));
        return server;
    }

    /**
     * Upgrades as an operator does: stops this server and starts a copy of the distribution at {@code distribution}
     * (a later Keycloak with its own JARs) on this server's database, which that Keycloak migrates at start-up.
     */
    public KeycloakServer upgradedTo(Path distribution) throws IOException, InterruptedException {
        stop();
        Path home = this.home.resolveSibling(this.home.getFileName() + "-upgraded");
        deleteRecursively(home);
        copyTree(distribution.toAbsolutePath(), home);
        // the same address: tokens name it as their issuer
        KeycloakServer upgraded = new KeycloakServer(home, log, List.of(), nodeOptions, httpPort, managementPort, cibaChannelPort);
        upgraded.database = database;
        Runtime.getRuntime().addShutdownHook(new Thread(upgraded::stop));
        upgraded.augment();
        upgraded.start();
        return upgraded;
    }

    /**
     * A private copy of the suite's distribution with {@code jar} as the only extension (e.g. another line's JAR),
     * built and started on H2 as an operator would; for a JAR Keycloak must refuse. Returns the server's whole output
     * once the process has exited; fails if the server became ready instead.
     */
    public static String startExpectingRefusal(Path jar) throws IOException, InterruptedException {
        Path shared = sharedHome();
        Path home = shared.resolveSibling("keycloak-refusal");
        deleteRecursively(home);
        copyTree(shared, home);
        Files.deleteIfExists(home.resolve("providers").resolve(TEST_PROVIDER_JAR));
        Files.copy(jar, home.resolve("providers").resolve(PROVIDER_JAR), StandardCopyOption.REPLACE_EXISTING);
        KeycloakServer server = new KeycloakServer(home, shared.resolveSibling("keycloak-refusal.log"), List.of(), List.of("--cache=local"));
        Files.deleteIfExists(server.log);
        server.database = Database.devFile();
        try {
            server.augment();
            server.start();
            throw new AssertionError("Keycloak started with " + jar.getFileName() + "; see " + server.log);
        } catch (IllegalStateException refused) {
            if (server.process != null && !server.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("Keycloak neither became ready nor exited with " + jar.getFileName() + "; see " + server.log);
            }
            return Files.readString(server.log);
        } finally {
            server.stop();
        }
    }

    /** Stops, puts this tree's JAR into {@code providers/}, runs {@code kc.sh build} and starts on the same database. */
    public synchronized void installProvider() throws IOException, InterruptedException {
        stop();
        Files.copy(providerJar, home.resolve("providers").resolve(PROVIDER_JAR), StandardCopyOption.REPLACE_EXISTING);
        augment();
        start();
    }

    /** Stops, removes this tree's JAR, runs {@code kc.sh build} and starts stock Keycloak on the same database. */
    public synchronized void uninstallProvider() throws IOException, InterruptedException {
        stop();
        Files.delete(home.resolve("providers").resolve(PROVIDER_JAR));
        augment();
        start();
    }

    /** A private copy of the unpacked distribution at {@code from}, without {@code data/}, replacing what was at {@code to}. */
    public static void copyDistribution(Path from, Path to) throws IOException {
        deleteRecursively(to);
        copyTree(from, to);
    }

    /** Copies the distribution, without {@code data/} (the running shared server's files). */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (dir.equals(from.resolve("data"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void start() throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("start", "--optimized", "--http-enabled=true", "--hostname-strict=false",
                "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--log-level=INFO,dev.rtpolicy:DEBUG",
                "--spi-ciba-auth-channel--ciba-http-auth-channel--http-authentication-channel-uri=" + cibaChannelUri()));
        options.addAll(nodeOptions);
        options.addAll(database.startOptions());
        List<String> command = kcCommand(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        // the test-only provider (test-provider/) answers only where the harness says so
        List<String> jvm = new ArrayList<>(javaOptions);
        jvm.add("-Drtp.test-provider=true");
        builder.environment().put("JAVA_OPTS_APPEND", String.join(" ", jvm));
        process = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!isReady()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Keycloak did not become ready; see " + log);
            }
            Thread.sleep(500);
        }
    }

    /**
     * Stops the server and drops its database: for callers that end a {@link #launch}ed server before the JVM exits.
     * Never for a cluster node, whose database the other nodes share.
     */
    public void stopAndDropDatabase() {
        if (sharesDatabase) {
            throw new IllegalStateException("a cluster node's database is shared by the other nodes");
        }
        stop();
        database.drop();
    }

    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private boolean isReady() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + managementPort + "/health/ready").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private void run(List<String> args) throws IOException, InterruptedException {
        Process build = new ProcessBuilder(kcCommand(args)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
            throw new IllegalStateException("kc.sh " + args + " failed; see " + log);
        }
    }

    private List<String> kcCommand(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(args);
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
