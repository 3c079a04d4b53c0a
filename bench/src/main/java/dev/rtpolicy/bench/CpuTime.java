package dev.rtpolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time (user + system, all threads) from Linux's {@code /proc/<pid>/stat}, in clock ticks. */
final class CpuTime {

    private CpuTime() {
    }

    static long ticks(long pid) throws IOException {
        return parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /**
     * utime and stime are fields 14 and 15 of proc(5); the command name (field 2) is in parentheses and may itself
     * hold spaces and parentheses, so fields are counted after its last closing parenthesis.
     */
    static long parseTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
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
