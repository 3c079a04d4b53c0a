package dev.rtpolicy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rtpolicy.it.support.Http;

/**
 * Drives refresh-token chains: each chain is one user session whose next refresh uses the refresh token the
 * previous one returned. Workers take a chain, refresh it, and put it back, so a chain is never refreshed twice
 * at once (no reuse, no grace retries: the measured cost is the normal path).
 */
final class LoadRun {

    private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final String tokenEndpoint;
    private final String clientAuth;

    LoadRun(String tokenEndpoint, String clientId, String clientSecret) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientAuth = "&client_id=" + Http.encode(clientId) + "&client_secret=" + Http.encode(clientSecret);
    }

    /** A session's refreshes closer together than this change none of Keycloak's second-resolution session timestamps. */
    static final long SAME_SECOND_NANOS = 1_000_000_000L;

    /** A chain's current refresh token, and when its last refresh ended. */
    static final class Chain {
        volatile String refreshToken;
        volatile long lastDoneNanos;

        Chain(String refreshToken) {
            this.refreshToken = refreshToken;
        }
    }

    /** Refreshes {@code chains} round-robin for {@code duration}; leaves them in the order the next run should take them. */
    Stats run(List<Chain> chains, int concurrency, Duration duration) throws InterruptedException {
        BlockingQueue<Chain> queue = new ArrayBlockingQueue<>(chains.size(), false, chains);
        AtomicLong errors = new AtomicLong();
        AtomicLong closeRepeats = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Worker worker = new Worker(queue, deadline, errors, closeRepeats);
            workers.add(worker);
            worker.start();
        }
        for (Worker worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - start;
        // The next run goes on where this one stopped, so a chain is not refreshed again right after a short run.
        chains.clear();
        queue.drainTo(chains);
        long[] all = workers.stream().flatMapToLong(w -> Arrays.stream(w.latencies, 0, w.count)).toArray();
        return Stats.of(all, elapsed, errors.get(), closeRepeats.get());
    }

    /** Refreshes chains until the deadline, recording each latency. */
    private final class Worker extends Thread {
        private final BlockingQueue<Chain> queue;
        private final long deadline;
        private final AtomicLong errors;
        private final AtomicLong closeRepeats;
        private long[] latencies = new long[1 << 14];
        private int count;

        Worker(BlockingQueue<Chain> queue, long deadline, AtomicLong errors, AtomicLong closeRepeats) {
            this.queue = queue;
            this.deadline = deadline;
            this.errors = errors;
            this.closeRepeats = closeRepeats;
        }

        @Override
        public void run() {
            while (System.nanoTime() < deadline) {
                Chain chain;
                try {
                    chain = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                long t0 = System.nanoTime();
                if (chain.lastDoneNanos != 0 && t0 - chain.lastDoneNanos < SAME_SECOND_NANOS) {
                    closeRepeats.incrementAndGet();
                }
                boolean ok = refresh(chain);
                long done = System.nanoTime();
                long latency = done - t0;
                chain.lastDoneNanos = done;
                queue.add(chain);
                if (!ok) {
                    errors.incrementAndGet();
                }
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = latency;
            }
        }
    }

    /** One refresh of the chain; {@code false} on any non-200 answer. */
    boolean refresh(Chain chain) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + chain.refreshToken + clientAuth))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return false;
            }
            Matcher matcher = REFRESH_TOKEN.matcher(response.body());
            if (matcher.find()) {
                chain.refreshToken = matcher.group(1);
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
