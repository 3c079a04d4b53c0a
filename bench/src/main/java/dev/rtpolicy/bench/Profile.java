package dev.rtpolicy.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** Reads a JFR recording of the server under refresh load: where the CPU samples are. */
final class Profile {

    private Profile() {
    }

    /**
     * Keycloak's steps of a refresh whose inclusive share (samples with the method anywhere on the stack) tells where
     * a refresh's CPU goes, for stock and extension alike: the grant, the response (token signing and encoding), the
     * commit, and within it the database locks of the changed user and client sessions.
     */
    static final List<String> WATCHED = List.of(
            "org.keycloak.protocol.oidc.grants.RefreshTokenGrantType.process",
            "org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder.build",
            "org.keycloak.protocol.oidc.TokenManager.validateToken",
            "org.keycloak.services.DefaultKeycloakTransactionManager.commit",
            "org.keycloak.models.sessions.infinispan.changes.PersistentSessionsChangelogBasedTransaction.lockDatabaseEntities",
            "org.keycloak.models.utils.KeycloakModelUtils.runJobInTransaction");

    /** A cost on the refresh path: samples with all of {@code frames} on the stack (inclusive: what Keycloak and Infinispan do for it). */
    record Cause(String name, List<String> frames) {
        boolean matches(Set<String> stack) {
            return stack.containsAll(frames);
        }
    }

    private static final String LOCK = "dev.rtpolicy.refresh.UserSessionRefreshLock";
    private static final String SINGLE_USE = "org.keycloak.models.sessions.infinispan.InfinispanSingleUseObjectProvider";
    private static final String STOCK_REFRESH = "org.keycloak.protocol.oidc.refresh.AbstractRefreshTokenProvider";
    private static final String CLIENT_SESSION_MERGE = "org.keycloak.models.sessions.infinispan.changes.JpaChangesPerformer.mergeClientSession";
    private static final String CLIENT_SESSION_DATA = "org.keycloak.models.session.PersistentAuthenticatedClientSessionAdapter";

    /**
     * The extension's costs on the refresh path, each with what it makes Keycloak and Infinispan do. The client-session
     * data JSON is Keycloak's: a note change makes it parse and re-serialize the client session's data at commit (a
     * timestamp-only change does not), so it shows what the family note costs (and what stock's reuse-count notes cost
     * with "Revoke Refresh Token" on); stock's default profile shows it near 0. The last two rows are stock's own lock,
     * for the profile of stock with "Revoke Refresh Token" on.
     */
    static final List<Cause> CAUSES = List.of(
            new Cause("user-session lock: acquire (putIfAbsent)", List.of(LOCK + ".tryAcquire", SINGLE_USE + ".putIfAbsent")),
            new Cause("user-session lock: release (lookup + conditional remove)", List.of(LOCK + "$Holding.release")),
            new Cause("rotation claim (putIfAbsent)", List.of("dev.rtpolicy.refresh.RotationClaim.claim", SINGLE_USE + ".putIfAbsent")),
            new Cause("family note: client-session data JSON read at commit", List.of(CLIENT_SESSION_MERGE, CLIENT_SESSION_DATA + ".getData")),
            new Cause("family note: client-session data JSON written at commit", List.of(CLIENT_SESSION_MERGE, CLIENT_SESSION_DATA + ".getUpdatedModel")),
            new Cause("settings resolved per request", List.of("dev.rtpolicy.settings.RefreshTokenPolicySettings.forRequest")),
            new Cause("metrics", List.of("dev.rtpolicy.ops.PolicyMetrics.refresh")),
            new Cause("response expiry fields", List.of("dev.rtpolicy.refresh.IssuanceFlow.responseExpiry")),
            new Cause("ended-session check (hint lookup, database count when hinted)", List.of("dev.rtpolicy.refresh.StoredSession.of")),
            new Cause("stock Revoke's refresh lock: acquire (putIfAbsent)", List.of(STOCK_REFRESH + ".createTemporaryExclusiveLockForTokenRefreshOperation",
                    SINGLE_USE + ".putIfAbsent")),
            new Cause("stock Revoke's refresh lock: release (second transaction)", List.of(STOCK_REFRESH + "$1.commitImpl")));

    /**
     * Top methods by samples on top of the stack (self time), the share of samples inside the extension, Keycloak's
     * {@link #WATCHED} steps and the {@link #CAUSES}; samples taken before {@code from} are left out.
     */
    static Map<String, Object> summarize(Path recording, Instant from, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusiveOurs = new HashMap<>();
        Map<String, Integer> watched = new LinkedHashMap<>();
        WATCHED.forEach(method -> watched.put(method, 0));
        Map<String, Integer> causes = new LinkedHashMap<>();
        CAUSES.forEach(cause -> causes.put(cause.name(), 0));
        int samples = 0;
        int inExtension = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null || event.getStartTime().isBefore(from)) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> stack = frames.stream().map(Profile::name).collect(Collectors.toSet());
            Set<String> ours = stack.stream().filter(name -> name.startsWith("dev.rtpolicy.")).collect(Collectors.toSet());
            ours.forEach(name -> inclusiveOurs.merge(name, 1, Integer::sum));
            stack.stream().filter(watched::containsKey).forEach(name -> watched.merge(name, 1, Integer::sum));
            CAUSES.stream().filter(cause -> cause.matches(stack)).forEach(cause -> causes.merge(cause.name(), 1, Integer::sum));
            if (!ours.isEmpty()) {
                inExtension++;
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("cpuSamples", samples);
        summary.put("samplesInsideExtensionPercent", samples == 0 ? 0 : Math.round(1000.0 * inExtension / samples) / 10.0);
        summary.put("topSelfMethods", topPercent(self, samples, top));
        summary.put("topExtensionMethodsInclusive", topPercent(inclusiveOurs, samples, top));
        summary.put("keycloakStepsInclusive", topPercent(watched, samples, WATCHED.size()));
        summary.put("extensionCostsInclusive", percent(causes, samples));
        return summary;
    }

    private static Map<String, Double> topPercent(Map<String, Integer> counts, int samples, int top) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> share(e.getValue(), samples),
                        (a, b) -> a, LinkedHashMap::new));
    }

    /** Shares in the given order. */
    static Map<String, Double> percent(Map<String, Integer> counts, int samples) {
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.forEach((name, count) -> shares.put(name, share(count, samples)));
        return shares;
    }

    /** Percent, one decimal. */
    private static double share(int count, int samples) {
        return Math.round(1000.0 * count / Math.max(samples, 1)) / 10.0;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
