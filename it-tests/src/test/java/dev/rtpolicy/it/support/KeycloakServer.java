package dev.rtpolicy.it.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Keycloak 26.7.3 distribution unpacked by Maven into {@code target/}, with this tree's JAR in
 * {@code providers/}. Built once ({@code kc.sh build}) and started once per test JVM; every test class works in
 * realms of its own. {@link #restart()} stops and starts the same server (same database).
 */
public final class KeycloakServer {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static KeycloakServer instance;

    private final Path home;
    private final int httpPort;
    private final int managementPort;
    private final int cibaChannelPort;
    private final Path log;
    private Process process;

    private KeycloakServer(Path home) throws IOException {
        this.home = home;
        this.httpPort = freePort();
        this.managementPort = freePort();
        this.cibaChannelPort = freePort();
        this.log = home.resolve("../keycloak-server.log").normalize();
    }

    /** The shared server, built and started on first use. */
    public static synchronized KeycloakServer get() {
        if (instance == null) {
            try {
                KeycloakServer server = new KeycloakServer(Paths.get(System.getProperty("keycloak.home", "target/keycloak-26.7.3")).toAbsolutePath());
                server.build();
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
                instance = server;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Keycloak did not start; see target/keycloak-server.log", e);
            }
        }
        return instance;
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

    public synchronized void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    private void build() throws IOException, InterruptedException {
        deleteRecursively(home.resolve("data"));
        Files.deleteIfExists(log);
        run(List.of("build", "--db=dev-file", "--features=declarative-ui", "--health-enabled=true", "--metrics-enabled=true"));
    }

    private void start() throws IOException, InterruptedException {
        List<String> command = kcCommand(List.of("start", "--optimized", "--http-enabled=true", "--hostname-strict=false",
                "--http-port=" + httpPort, "--http-management-port=" + managementPort, "--cache=local",
                "--log-level=INFO,dev.rtpolicy:DEBUG",
                "--spi-ciba-auth-channel--ciba-http-auth-channel--http-authentication-channel-uri=" + cibaChannelUri()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        process = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!isReady()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Keycloak did not become ready; see " + log);
            }
            Thread.sleep(500);
        }
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
