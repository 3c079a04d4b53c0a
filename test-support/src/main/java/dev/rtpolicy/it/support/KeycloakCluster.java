package dev.rtpolicy.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two Keycloak nodes on this machine sharing one fresh PostgreSQL database and forming one Infinispan cluster over
 * loopback (Keycloak's default JDBC_PING discovery): copies of the suite's built distribution, with their own HTTP,
 * management and cluster ports.
 */
public final class KeycloakCluster {

    public final KeycloakServer nodeA;
    public final KeycloakServer nodeB;
    private final Database database;

    private KeycloakCluster(KeycloakServer nodeA, KeycloakServer nodeB, Database database) {
        this.nodeA = nodeA;
        this.nodeB = nodeB;
        this.database = database;
    }

    /** Starts node A, then node B, from copies of {@code built} (the suite's server must have built it first). */
    public static KeycloakCluster start(KeycloakServer built) throws IOException, InterruptedException {
        Path target = built.home().getParent();
        Database database = Database.freshPostgres();
        Runtime.getRuntime().addShutdownHook(new Thread(database::drop));
        KeycloakServer a = KeycloakServer.clusterNode(built, copy(built.home(), target.resolve("node-a")), target.resolve("node-a.log"), database, clusterPort());
        KeycloakServer b = KeycloakServer.clusterNode(built, copy(built.home(), target.resolve("node-b")), target.resolve("node-b.log"), database, clusterPort());
        return new KeycloakCluster(a, b, database);
    }

    public void stop() {
        nodeB.stop();
        nodeA.stop();
        database.drop();
    }

    private static Path copy(Path home, Path to) throws IOException, InterruptedException {
        run(List.of("rm", "-rf", to.toString()));
        run(List.of("cp", "-a", home.toString(), to.toString()));
        run(List.of("rm", "-rf", to.resolve("data").toString()));
        return to;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /** A free port whose JGroups failure-detection companion (port + 50000) is free too. */
    private static int clusterPort() throws IOException {
        for (int port = 7800 + (int) (ProcessHandle.current().pid() % 500); port < 15000; port++) {
            if (free(port) && free(port + 50_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free cluster port");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
