package dev.rtpolicy.refresh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * The parts of Keycloak's single-use object store the lock and the rotation claim use, with its contract:
 * {@code putIfAbsent} succeeds once per key until the key is removed. Records lifespans and removals.
 */
final class InMemorySingleUseObjects implements SingleUseObjectProvider {

    final Map<String, Long> lifespans = new HashMap<>();
    final List<String> removed = new ArrayList<>();

    @Override
    public synchronized boolean putIfAbsent(String key, long lifespanInSeconds) {
        return lifespans.putIfAbsent(key, lifespanInSeconds) == null;
    }

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, String> get(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized Map<String, String> remove(String key) {
        removed.add(key);
        return lifespans.remove(key) == null ? null : Map.of();
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized boolean contains(String key) {
        return lifespans.containsKey(key);
    }

    @Override
    public void close() {
    }
}
