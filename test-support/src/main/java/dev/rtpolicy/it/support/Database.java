package dev.rtpolicy.it.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The database the server under test uses: {@code -Dkeycloak.db=postgres} (the default of the suite: a fresh
 * database per run on the local PostgreSQL at 127.0.0.1:5432, user {@code postgres}) or {@code dev-file} (H2).
 */
final class Database {

    private static final String HOST = System.getProperty("keycloak.db.host", "127.0.0.1");
    private static final String USER = System.getProperty("keycloak.db.user", "postgres");
    private static final String PASSWORD = System.getProperty("keycloak.db.password", "postgres");

    private final String kind;
    private final String name;

    private Database(String kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    /** A fresh database of the configured kind; for PostgreSQL it is created now and dropped at {@link #drop()}. */
    static Database fresh() throws IOException, InterruptedException {
        String kind = System.getProperty("keycloak.db", "dev-file");
        return kind.equals("postgres") ? freshPostgres() : new Database(kind, null);
    }

    /** Keycloak's embedded H2 in the distribution's {@code data/}, whatever {@code keycloak.db} says. */
    static Database devFile() {
        return new Database("dev-file", null);
    }

    /** A fresh PostgreSQL database whatever {@code keycloak.db} says: a cluster needs a shared database. */
    static Database freshPostgres() throws IOException, InterruptedException {
        String kind = "postgres";
        // Servers started in parallel by one JVM (the benchmark's) must not meet in the same millisecond's name.
        String name = "kc_it_" + Long.toString(System.currentTimeMillis(), 36) + "_" + ProcessHandle.current().pid() + "_"
                + Integer.toString(ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE), 36);
        psql("CREATE DATABASE " + name);
        return new Database(kind, name);
    }

    List<String> buildOptions() {
        return List.of("--db=" + kind);
    }

    List<String> startOptions() {
        if (name == null) {
            return List.of();
        }
        return List.of("--db-url=jdbc:postgresql://" + HOST + ":5432/" + name, "--db-username=" + USER, "--db-password=" + PASSWORD);
    }

    void drop() {
        if (name == null) {
            return;
        }
        try {
            psql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }

    /** Runs {@code sql} in this PostgreSQL database: the rows, one per line, the columns separated by {@code |}. */
    String query(String sql) throws IOException, InterruptedException {
        if (name == null) {
            throw new IllegalStateException("reading Keycloak's tables needs PostgreSQL (-Dkeycloak.db=postgres, the suite's default)");
        }
        return psql(name, "-At", sql).strip();
    }

    private static void psql(String sql) throws IOException, InterruptedException {
        psql("postgres", "-q", sql);
    }

    private static String psql(String database, String format, String sql) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-h", HOST, "-U", USER, "-d", database, "-v", "ON_ERROR_STOP=1", format, "-c", sql));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("psql failed (is PostgreSQL running on " + HOST + ":5432? see README): " + output);
        }
        return output;
    }
}
