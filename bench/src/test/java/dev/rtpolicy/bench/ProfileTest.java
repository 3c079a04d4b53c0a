package dev.rtpolicy.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileTest {

    private static Profile.Cause cause(String name) {
        return Profile.CAUSES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void lockAcquireCountsOnlyTheStoreWriteUnderTheLockNotTheSessionProviderItTriggers() {
        Profile.Cause acquire = cause("user-session lock: acquire (putIfAbsent)");

        assertTrue(acquire.matches(Set.of("dev.rtpolicy.refresh.UserSessionRefreshLock.tryAcquire",
                "org.keycloak.models.sessions.infinispan.InfinispanSingleUseObjectProvider.putIfAbsent", "org.infinispan.cache.impl.CacheImpl.putIfAbsent")));
        assertFalse(acquire.matches(Set.of("dev.rtpolicy.refresh.UserSessionRefreshLock.tryAcquire",
                "org.keycloak.services.DefaultKeycloakSession.sessions")));
    }

    @Test
    void familyNoteJsonCountsOnlyTheClientSessionMergeAtCommit() {
        Profile.Cause read = cause("family note: client-session data JSON read at commit");

        assertTrue(read.matches(Set.of("org.keycloak.models.sessions.infinispan.changes.JpaChangesPerformer.mergeClientSession",
                "org.keycloak.models.session.PersistentAuthenticatedClientSessionAdapter.getData", "org.keycloak.util.JsonSerialization.readValue")));
        assertFalse(read.matches(Set.of("org.keycloak.models.session.PersistentAuthenticatedClientSessionAdapter.getData")),
                "a client session loaded elsewhere (e.g. at login) is not the note's cost");
    }

    /** A renamed method would make its row read 0.0, which docs/benchmark.md ("Where the cost is") would take for "costs nothing". */
    @Test
    void everyExtensionFrameACauseNamesIsAMethodOfTheBuiltProvider() throws IOException {
        List<String> frames = Profile.CAUSES.stream().flatMap(c -> c.frames().stream()).filter(f -> f.startsWith("dev.rtpolicy.")).distinct().toList();
        assertFalse(frames.isEmpty());
        for (String frame : frames) {
            int dot = frame.lastIndexOf('.');
            assertTrue(declaredMethods(frame.substring(0, dot)).contains(frame.substring(dot + 1)), frame);
        }
    }

    /**
     * The methods a class file of the provider JAR declares, read from its bytes (JVMS §4.1): the provider is on this
     * module's classpath, Keycloak's classes it links against are not, so it cannot be loaded here.
     */
    private static Set<String> declaredMethods(String className) throws IOException {
        try (InputStream in = ProfileTest.class.getResourceAsStream("/" + className.replace('.', '/') + ".class")) {
            assertNotNull(in, className);
            DataInputStream data = new DataInputStream(in);
            data.skipBytes(8);
            int constants = data.readUnsignedShort();
            String[] utf8 = new String[constants];
            for (int i = 1; i < constants; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = data.readUTF();
                    case 5, 6 -> {
                        data.skipBytes(8);
                        i++;
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
                    case 15 -> data.skipBytes(3);
                    case 7, 8, 16, 19, 20 -> data.skipBytes(2);
                    default -> throw new IOException("constant tag " + tag + " in " + className);
                }
            }
            data.skipBytes(6);
            data.skipBytes(2 * data.readUnsignedShort());
            skipMembers(data);
            Set<String> methods = new HashSet<>();
            int count = data.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                data.skipBytes(2);
                methods.add(utf8[data.readUnsignedShort()]);
                data.skipBytes(2);
                skipAttributes(data);
            }
            return methods;
        }
    }

    private static void skipMembers(DataInputStream data) throws IOException {
        int count = data.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            data.skipBytes(6);
            skipAttributes(data);
        }
    }

    private static void skipAttributes(DataInputStream data) throws IOException {
        int count = data.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            data.skipBytes(2);
            data.skipBytes(data.readInt());
        }
    }

    @Test
    void sharesKeepTheCausesOrderAndRoundToOneDecimal() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("b", 1);
        counts.put("a", 2);

        Map<String, Double> shares = Profile.percent(counts, 3);

        assertEquals(List.of("b", "a"), List.copyOf(shares.keySet()));
        assertEquals(33.3, shares.get("b"));
        assertEquals(66.7, shares.get("a"));
        assertEquals(0.0, Profile.percent(Map.of("x", 0), 0).get("x"));
    }
}
