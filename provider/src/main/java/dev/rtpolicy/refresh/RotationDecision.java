package dev.rtpolicy.refresh;

import java.util.Set;
import java.util.function.BooleanSupplier;

import dev.rtpolicy.refresh.RefreshTokenFamily.Presentation;

/**
 * Every decision of the refresh grant under the policy, as pure functions of plain values: whether the request is
 * admitted at all, and what happens to the presented token (rotate it, repeat its successor for a grace retry, keep it,
 * or refuse it as reuse or as a token of an unknown family). {@link RefreshFlow} only feeds it what
 * Keycloak knows and carries the verdict out.
 */
final class RotationDecision {

    /** What a refresh does with the presented token. */
    enum Verdict {
        /** RFC 6749 §5.2 {@code unauthorized_client}: the client's refresh-token grant is off. */
        UNAUTHORIZED_CLIENT,
        /** RFC 6749 §6 {@code invalid_scope}: {@code scope} names a scope the token was not granted. */
        INVALID_SCOPE,
        /** Admitted: go on to the token's family. */
        ADMITTED,
        /** {@code invalid_grant}: the token belongs to a family its client session does not know. */
        UNKNOWN_FAMILY,
        /** {@code invalid_grant}: a retired token came back (RFC 9700 §4.14.2); the reuse response follows. */
        REUSE,
        /** {@code invalid_grant}: the family's authorization lifetime is over, whatever the token's own {@code exp}. */
        AUTHORIZATION_EXPIRED,
        /** New access token and a new refresh token; the presented one is retired. */
        ROTATE,
        /** The token retired last, retried within the grace period: the same successor again. */
        GRACE_RETRY,
        /** New access token only; the presented token stays current. */
        KEEP
    }

    /** The presented token as the decision needs it: its id and whether it carries a family claim. */
    record Presented(String tokenId, boolean hasFamilyClaim) {
    }

    private RotationDecision() {
    }

    /**
     * Checks made before anything is locked or loaded.
     *
     * @param requestedScopes the {@code scope} parameter's scopes, or {@code null} when absent
     */
    static Verdict admit(boolean refreshTokenGrant, Set<String> grantedScopes, Set<String> requestedScopes) {
        if (!refreshTokenGrant) {
            return Verdict.UNAUTHORIZED_CLIENT;
        }
        // RFC 6749 §6: the requested scope MUST NOT include any scope not originally granted.
        if (requestedScopes != null && !grantedScopes.containsAll(requestedScopes)) {
            return Verdict.INVALID_SCOPE;
        }
        return Verdict.ADMITTED;
    }

    /**
     * What happens to the presented token.
     *
     * @param family       the family's stored state, {@code null} when its client session holds none (or an unreadable one)
     * @param rotate       whether refreshes of this client rotate (settings and the public-client rule)
     * @param stockHonours stock Keycloak's verdict on a token issued before installation; asked only for such a token
     */
    static Verdict decide(Presented token, RefreshTokenFamily family, long nowMillis, int gracePeriodSeconds, boolean rotate,
                          BooleanSupplier stockHonours) {
        return decide(token, family, nowMillis, gracePeriodSeconds, rotate, stockHonours, 0);
    }

    /**
     * The same, for a family whose authorization ends at {@code authorizationEndMillis} (≤ 0: no end of its own). A
     * token kept by a refresh with rotation off carries the {@code exp} of its issuance, minted perhaps before the
     * lifetime was set: this check, not the token's {@code exp}, ends such a family. A retired token past the end is
     * still reuse, so the reuse response still follows a replay.
     */
    static Verdict decide(Presented token, RefreshTokenFamily family, long nowMillis, int gracePeriodSeconds, boolean rotate,
                          BooleanSupplier stockHonours, long authorizationEndMillis) {
        Presentation presentation = presentation(token, family, nowMillis, gracePeriodSeconds, stockHonours);
        if (presentation == Presentation.UNKNOWN) {
            return Verdict.UNKNOWN_FAMILY;
        }
        if (presentation == Presentation.RETIRED) {
            return Verdict.REUSE;
        }
        if (authorizationEnded(authorizationEndMillis, nowMillis)) {
            return Verdict.AUTHORIZATION_EXPIRED;
        }
        switch (presentation) {
            case GRACE_RETRY:
                // With rotation turned off since, a retry within the grace window is served like the current token.
                return rotate ? Verdict.GRACE_RETRY : Verdict.KEEP;
            case CURRENT:
            default:
                return rotate ? Verdict.ROTATE : Verdict.KEEP;
        }
    }

    /** Introspection's question (RFC 7662 §2.2): is the token the one its family would refresh now? */
    static boolean isCurrent(Presented token, RefreshTokenFamily family, long nowMillis, BooleanSupplier stockHonours) {
        return isCurrent(token, family, nowMillis, stockHonours, 0);
    }

    /** The same; a family past its authorization's end has no current token. */
    static boolean isCurrent(Presented token, RefreshTokenFamily family, long nowMillis, BooleanSupplier stockHonours, long authorizationEndMillis) {
        return !authorizationEnded(authorizationEndMillis, nowMillis) && presentation(token, family, nowMillis, 0, stockHonours) == Presentation.CURRENT;
    }

    private static boolean authorizationEnded(long authorizationEndMillis, long nowMillis) {
        return authorizationEndMillis > 0 && nowMillis >= authorizationEndMillis;
    }

    /**
     * A token issued before installation has no family claim: it is current only if stock Keycloak would honour it
     * (its own reuse state), and then it founds a family; otherwise it is reuse.
     */
    private static Presentation presentation(Presented token, RefreshTokenFamily family, long nowMillis, int gracePeriodSeconds,
                                             BooleanSupplier stockHonours) {
        if (family != null) {
            return family.classify(token.tokenId(), nowMillis, gracePeriodSeconds);
        }
        if (token.hasFamilyClaim()) {
            return Presentation.UNKNOWN;
        }
        return stockHonours.getAsBoolean() ? Presentation.CURRENT : Presentation.RETIRED;
    }
}
