package dev.rtpolicy.refresh;

import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.RefreshToken;

/**
 * A rotation stands only if its successor reached the client. Keycloak still acts on a refresh after the refresh-token
 * provider has returned: the client-policy executor {@code suppress-refresh-token-rotation} drops the successor from
 * the response, and a client policy, the MTLS binding or a token post-processor may refuse the response. An error
 * response commits the request's transaction like a success, so the family would name a successor nobody holds and the
 * client's next refresh with the token it does hold would be taken for reuse. Checked before the transaction commits:
 * an undelivered rotation is undone (the family's state and the rotation claim).
 */
final class UndeliveredSuccessor {

    private UndeliveredSuccessor() {
    }

    /** Undoes the rotation to {@code successorId} with {@code undo} unless the response carried it. */
    static void guard(KeycloakSession session, TokenManager.AccessTokenResponseBuilder responseBuilder, EventBuilder event, String successorId,
                      Runnable undo) {
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                RefreshToken inResponse = responseBuilder.getRefreshToken();
                if (!delivered(inResponse == null ? null : inResponse.getId(), successorId, event.getEvent())) {
                    undo.run();
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /**
     * Whether the successor went out: it is still the response's refresh token, and the request ended in the grant's
     * success event (an error sends an {@code _ERROR} event; a refused post-processor sends none).
     */
    static boolean delivered(String idInResponse, String successorId, Event event) {
        return successorId.equals(idInResponse) && event.getId() != null && event.getType() != null
                && !event.getType().name().endsWith("_ERROR");
    }
}
