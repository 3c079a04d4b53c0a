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
 * Note format: {@code "current previous rotatedAt startedAt expiresAt"} (the times in milliseconds, the start to the
 * millisecond within its first token's {@code iat} second; {@code expiresAt}, the latest {@code exp} of the family's
 * tokens in seconds, 0 when one has none). Notes written before the start was kept have
 * three parts; such a family is taken to have started when its client session did: the earliest it can have started,
 * so the start it gets never lengthens an authorization. Notes written before the expiry was kept have four parts;
 * such a family never counts as expired ({@link FamilyPruning} drops it only beyond the cap).
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
    private long expiresAtSeconds;

    private RefreshTokenFamily(String id, String current, String previous, long rotatedAtMillis, long startedAtMillis, long expiresAtSeconds) {
        this.id = id;
        this.current = current;
        this.previous = previous;
        this.rotatedAtMillis = rotatedAtMillis;
        this.startedAtMillis = startedAtMillis;
        this.expiresAtSeconds = expiresAtSeconds;
    }

    /**
     * @param startedAtMillis when the first token was issued, to the millisecond ({@link #issuedAtMillis}): it orders
     *                        families started within one second; the authorization counts from its whole second
     * @param expiresAt       the first token's {@code exp} (seconds; {@code null} or 0 for none)
     */
    static RefreshTokenFamily start(String familyId, String firstTokenId, long startedAtMillis, Long expiresAt) {
        return new RefreshTokenFamily(familyId, firstTokenId, null, 0, startedAtMillis, orZero(expiresAt));
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
        return parse(familyId, stored, clientSessionStartedAtMillis);
    }

    /** A family from its note's value; {@code null} when unreadable. */
    static RefreshTokenFamily parse(String familyId, String stored, long clientSessionStartedAtMillis) {
        String[] parts = stored.split(SEPARATOR, -1);
        if (parts.length < 3 || parts.length > 5 || parts[0].isEmpty()) {
            return null;
        }
        try {
            long startedAt = parts.length >= 4 ? Long.parseLong(parts[3]) : clientSessionStartedAtMillis;
            long expiresAt = parts.length == 5 ? Long.parseLong(parts[4]) : 0;
            return new RefreshTokenFamily(familyId, parts[0], parts[1].isEmpty() ? null : parts[1], Long.parseLong(parts[2]), startedAt, expiresAt);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A token's issue time to the millisecond: the clock read just after the token was minted, kept within the second
     * of its {@code iat} (which Keycloak keeps in whole seconds).
     */
    static long issuedAtMillis(long iatSeconds, long nowMillis) {
        long iatMillis = iatSeconds * 1000;
        return Math.max(iatMillis, Math.min(nowMillis, iatMillis + 999));
    }

    void save(Notes notes) {
        notes.set(NOTE_PREFIX + id, current + SEPARATOR + (previous == null ? "" : previous) + SEPARATOR + rotatedAtMillis + SEPARATOR + startedAtMillis
                + SEPARATOR + expiresAtSeconds);
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

    /**
     * The presented current token is retired; {@code successorId} becomes the current one. The family's expiry is the
     * latest of all its tokens', not the successor's: a retired token that outlives its successor (a lifetime lowered,
     * rotation turned on) must still meet the family when replayed, and be detected as reuse.
     *
     * @param successorExpiresAt the successor's {@code exp} (seconds; {@code null} or 0 for none)
     */
    void rotate(String successorId, long nowMillis, Long successorExpiresAt) {
        previous = current;
        current = successorId;
        rotatedAtMillis = nowMillis;
        long exp = orZero(successorExpiresAt);
        expiresAtSeconds = expiresAtSeconds == 0 || exp == 0 ? 0 : Math.max(expiresAtSeconds, exp);
    }

    /**
     * A grace retry issued the current token again (same id) with this {@code exp}: the family lives as long as its
     * latest copy.
     *
     * @return whether the family's expiry moved (and needs saving)
     */
    boolean reissued(Long expiresAt) {
        long exp = orZero(expiresAt);
        if (expiresAtSeconds == 0 || (exp != 0 && exp <= expiresAtSeconds)) {
            return false;
        }
        expiresAtSeconds = exp;
        return true;
    }

    /**
     * Whether every token of the family has expired, so that none of them can be presented any more (a refresh token
     * is valid through the second of its {@code exp}, as Keycloak checks it).
     */
    boolean expiredAt(long nowMillis) {
        return expiresAtSeconds > 0 && nowMillis >= (expiresAtSeconds + 1) * 1000;
    }

    /** When the family's current token was issued: its start, or its latest rotation. */
    long lastIssuedMillis() {
        return Math.max(startedAtMillis, rotatedAtMillis);
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

    private static long orZero(Long seconds) {
        return seconds == null ? 0 : seconds;
    }

    /**
     * When the family's first token was issued, in whole seconds as its {@code iat}: the start of the authorization
     * behind it, never later than that token says.
     */
    long startedAtMillis() {
        return startedAtMillis - Math.floorMod(startedAtMillis, 1000L);
    }
}
