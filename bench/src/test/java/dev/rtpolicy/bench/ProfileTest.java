package dev.rtpolicy.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
