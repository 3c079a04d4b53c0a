package dev.rtpolicy.refresh;

import org.keycloak.models.KeycloakSession;

/**
 * Issuance in a grant that decides about a refresh token from the client model itself, out of reach of the grant's
 * client configuration: UMA ({@code AuthorizationTokenService.createAuthorizationResponse} reads the requesting
 * client's own "use refresh tokens"). While such a grant runs, the refresh-token provider decides by the token's
 * holder (its {@code azp}); a token the holder may not get is minted as a placeholder without side effects and
 * dropped from the response by the grant. The mark lives in the request's session attributes.
 */
public final class UnsteeredIssuance {

    private static final String ATTRIBUTE = UnsteeredIssuance.class.getName();
    private static final String OPEN = "open";

    private UnsteeredIssuance() {
    }

    public static void begin(KeycloakSession session) {
        session.setAttribute(ATTRIBUTE, OPEN);
    }

    /** Ends the grant's run: the reason a refresh token was suppressed ({@code realm_switch}, {@code client_grant}), or null. */
    public static String end(KeycloakSession session) {
        Object state = session.removeAttribute(ATTRIBUTE);
        return state == null || OPEN.equals(state) ? null : state.toString();
    }

    static boolean isOpen(KeycloakSession session) {
        return session.getAttribute(ATTRIBUTE) != null;
    }

    static void suppressed(KeycloakSession session, String reason) {
        session.setAttribute(ATTRIBUTE, reason);
    }
}
