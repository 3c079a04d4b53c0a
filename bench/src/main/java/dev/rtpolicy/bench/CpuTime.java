package dev.rtpolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A process's CPU time (user + system, all threads) from Linux's {@code /proc/<pid>/stat}, in clock ticks. */
final class CpuTime {

    private CpuTime() {
    }

    static long ticks(long pid) throws IOException {
        return parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /**
     * CPU time of the JVM's JIT compiler threads ({@code C1/C2 CompilerThreadN}, named in {@code comm}): work that
     * belongs to warming up, not to a refresh; it shows whether a slice ran on compiled code. Threads that ended are
     * not counted.
     */
    static long compilerTicks(long pid) throws IOException {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (isCompilerThread(Files.readString(task.resolve("comm")).trim())) {
                        ticks += parseTicks(Files.readString(task.resolve("stat")));
                    }
                } catch (NoSuchFileException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    /**
     * CPU time of the database: every {@code postgres} process's own (utime + stime) plus what it has collected from
     * its ended children (cutime + cstime, fields 16 and 17). A backend or autovacuum worker that ends during a slice
     * moves its time from the first sum into the postmaster's second one, so the total never goes back. The benchmark
     * loads one Keycloak at a time, so what the database does during a window is mostly that window's work (the idle
     * servers' background work and the previous window's tail are counted too: the order of the windows is random in
     * every round, so they fall on every variant alike).
     */
    static long databaseTicks() throws IOException {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    if ("postgres".equals(Files.readString(process.resolve("comm")).trim())) {
                        ticks += parseTicksWithChildren(Files.readString(process.resolve("stat")));
                    }
                } catch (NoSuchFileException e) {
                    // the process ended meanwhile: its parent has collected its time
                } catch (IOException e) {
                    // not readable (another user's, on a hardened /proc): skipped
                }
            }
        }
        return ticks;
    }

    /** utime + stime + cutime + cstime (fields 14 to 17 of proc(5)). */
    static long parseTicksWithChildren(String stat) {
        String[] fields = fields(stat);
        return field(fields, 14) + field(fields, 15) + field(fields, 16) + field(fields, 17);
    }

    /** HotSpot's compiler thread names, truncated to 15 characters by the kernel. */
    static boolean isCompilerThread(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    /**
     * utime and stime are fields 14 and 15 of proc(5); the command name (field 2) is in parentheses and may itself
     * hold spaces and parentheses, so fields are counted after its last closing parenthesis.
     */
    static long parseTicks(String stat) {
        String[] fields = fields(stat);
        return field(fields, 14) + field(fields, 15);
    }

    /** The fields after the command name: {@code fields[0]} is field 3 (state). */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
    }

    /** Field {@code n} of proc(5), numbered from 1. */
    private static long field(String[] fields, int n) {
        return Long.parseLong(fields[n - 3]);
    }

    /** Milliseconds of CPU per successful request; NaN without one. */
    static double millisPerRequest(long ticks, long ticksPerSecond, long successes) {
        return successes == 0 ? Double.NaN : ticks * 1000.0 / ticksPerSecond / successes;
    }

    /** {@code getconf CLK_TCK} (100 on Linux unless built otherwise). */
    static long ticksPerSecond() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("getconf CLK_TCK failed: " + output);
        }
        return Long.parseLong(output);
    }
}
