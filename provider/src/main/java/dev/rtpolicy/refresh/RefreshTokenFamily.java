package dev.rtpolicy.refresh;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The rotation state of one refresh-token family (all tokens descended from one authorization), kept in one
 * client-session note of constant size: the current token id, the one it replaced, when that happened, and when the
 * family started (its authorization's start, from which {@code authorizationLifetime} counts).
 * Token ids are compared, never {@code iat}: rotations within the same second must not let a replay through
 * (keycloak#50999).
 * <p>
 * Note format: {@code "current previous rotatedAt startedAt"} (milliseconds). Notes written before the start was
 * kept have three parts; such a family is taken to have started when its client session did: the earliest it can
 * have started, so the start it gets never lengthens an authorization.
 */
final class RefreshTokenFamily {

    /** How a presented refresh token relates to its family. */
    enum Presentation {
        /** The family's newest token: it may be refreshed (and rotated). */
        CURRENT,
        /** The token rotated out last, retried within the grace period before its successor was used. */
        GRACE_RETRY,
        /** Any other token of the family that was rotated out: reuse. */
        RETIRED,
        /** A token of a family this client session does not know (its state was cleared, e.g. by a new login). */
        UNKNOWN
    }

    /** Access to client-session notes; the model's {@code getNote}/{@code setNote} in production. */
    interface Notes {
        String get(String key);

        void set(String key, String value);

        static Notes of(Function<String, String> get, BiConsumer<String, String> set) {
            return new Notes() {
                @Override
                public String get(String key) {
                    return get.apply(key);
                }

                @Override
                public void set(String key, String value) {
                    set.accept(key, value);
                }
            };
        }
    }

    static final String NOTE_PREFIX = "rtp.family.";
    private static final String SEPARATOR = " ";

    private final String id;
    private String current;
    private String previous;
    private long rotatedAtMillis;
    private final long startedAtMillis;

    private RefreshTokenFamily(String id, String current, String previous, long rotatedAtMillis, long startedAtMillis) {
        this.id = id;
        this.current = current;
        this.previous = previous;
        this.rotatedAtMillis = rotatedAtMillis;
        this.startedAtMillis = startedAtMillis;
    }

    static RefreshTokenFamily start(String familyId, String firstTokenId, long startedAtMillis) {
        return new RefreshTokenFamily(familyId, firstTokenId, null, 0, startedAtMillis);
    }

    /**
     * Loads a family's state; {@code null} when the client session holds none (or an unreadable one).
     *
     * @param clientSessionStartedAtMillis the start of a family whose note predates start times (see the class comment)
     */
    static RefreshTokenFamily load(Notes notes, String familyId, long clientSessionStartedAtMillis) {
        String stored = notes.get(NOTE_PREFIX + familyId);
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split(SEPARATOR, -1);
        if (parts.length != 3 && parts.length != 4) {
            return null;
        }
        try {
            long startedAt = parts.length == 4 ? Long.parseLong(parts[3]) : clientSessionStartedAtMillis;
            return new RefreshTokenFamily(familyId, parts[0], parts[1].isEmpty() ? null : parts[1], Long.parseLong(parts[2]), startedAt);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void save(Notes notes) {
        notes.set(NOTE_PREFIX + id, current + SEPARATOR + (previous == null ? "" : previous) + SEPARATOR + rotatedAtMillis + SEPARATOR + startedAtMillis);
    }

    Presentation classify(String tokenId, long nowMillis, int gracePeriodSeconds) {
        if (tokenId.equals(current)) {
            return Presentation.CURRENT;
        }
        if (tokenId.equals(previous) && gracePeriodSeconds > 0 && nowMillis - rotatedAtMillis <= gracePeriodSeconds * 1000L) {
            return Presentation.GRACE_RETRY;
        }
        return Presentation.RETIRED;
    }

    /** The presented current token is retired; {@code successorId} becomes the current one. */
    void rotate(String successorId, long nowMillis) {
        previous = current;
        current = successorId;
        rotatedAtMillis = nowMillis;
    }

    /**
     * The current token was used without rotating (rotation turned off since it was issued): the token it replaced can
     * no longer be a retry of a lost response, so its grace window closes, as a rotation of the current token closes it.
     *
     * @return whether anything changed (and needs saving)
     */
    boolean closeGrace() {
        if (previous == null) {
            return false;
        }
        previous = null;
        return true;
    }

    String id() {
        return id;
    }

    String currentTokenId() {
        return current;
    }

    /** When the family's first token was issued: the start of the authorization behind it. */
    long startedAtMillis() {
        return startedAtMillis;
    }
}
