package dev.rtpolicy.testprovider;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * One parked request per realm, its state in {@code singleUseObjects} (so any node sees it): armed for the next
 * request that sends a given event, parked once that request has reached its parking point, released by the test.
 * {@code putIfAbsent} and {@code remove} take effect at once; {@code put} only when the calling request commits.
 */
final class Parking {

    static final String ADMIN_EVENT = "ADMIN";
    private static final int TTL_SECONDS = 120;
    private static final long PARK_LIMIT_MILLIS = 30_000;

    private final SingleUseObjectProvider objects;
    private final String realmId;

    Parking(KeycloakSession session, String realmId) {
        this.objects = session.singleUseObjects();
        this.realmId = realmId;
    }

    void arm(String eventType) {
        objects.remove(key("parked"));
        objects.remove(key("release"));
        // put, not putIfAbsent: the notes name the event; they apply when this (arming) request commits
        objects.put(key("armed"), TTL_SECONDS, Map.of("on", eventType));
    }

    /** Claims the arming if it is for {@code eventType}: only one request parks per arming. */
    boolean claim(String eventType) {
        Map<String, String> armed = objects.get(key("armed"));
        return armed != null && eventType.equals(armed.get("on")) && objects.remove(key("armed")) != null;
    }

    boolean isParked() {
        return objects.contains(key("parked"));
    }

    void release() {
        objects.putIfAbsent(key("release"), TTL_SECONDS);
    }

    /** Parks the calling request until released (or the limit passed, so a failed test never hangs the server). */
    void park() {
        objects.putIfAbsent(key("parked"), TTL_SECONDS);
        long deadline = System.currentTimeMillis() + PARK_LIMIT_MILLIS;
        try {
            while (!objects.contains(key("release")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            objects.remove(key("release"));
            objects.remove(key("parked"));
        }
    }

    private String key(String what) {
        return "rtp-test-park:" + realmId + ":" + what;
    }
}
