package dev.rtpolicy.refresh;

import java.util.function.Supplier;

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
 * client's next refresh with the token it does hold would be taken for reuse. An undelivered rotation is undone (the
 * family's state and the rotation claim) when the grant sends its event ({@link UndeliveredSuccessorListener}): that is
 * after the response is final and before the commit, whose first step writes the client session to the cache and the
 * database; a change made after that step would reach neither.
 */
final class UndeliveredSuccessor {

    /** Session attribute (this request only): the rotation waiting for the grant's event. */
    private static final String PENDING = UndeliveredSuccessor.class.getName();

    private record Pending(Supplier<String> idInResponse, String successorId, Runnable undo) {
    }

    private UndeliveredSuccessor() {
    }

    /** Undoes the rotation to {@code successorId} with {@code undo} unless the response carried it. */
    static void guard(KeycloakSession session, TokenManager.AccessTokenResponseBuilder responseBuilder, EventBuilder event, String successorId,
                      Runnable undo) {
        await(session, () -> {
            RefreshToken inResponse = responseBuilder.getRefreshToken();
            return inResponse == null ? null : inResponse.getId();
        }, successorId, undo);
        // A request that commits without the grant's event (a refused post-processor sends none) is settled here; this
        // runs after Keycloak's own session writes, so its undo reaches only this node's cached session.
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                settle(session, event.getEvent());
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** Makes the rotation to {@code successorId} wait for {@link #settle}; {@code idInResponse} reads the response's token. */
    static void await(KeycloakSession session, Supplier<String> idInResponse, String successorId, Runnable undo) {
        session.setAttribute(PENDING, new Pending(idInResponse, successorId, undo));
    }

    /** Decides the pending rotation of this request, once: it stands if delivered, else it is undone. */
    static void settle(KeycloakSession session, Event event) {
        Pending pending = (Pending) session.getAttribute(PENDING);
        if (pending == null) {
            return;
        }
        session.removeAttribute(PENDING);
        if (!delivered(pending.idInResponse().get(), pending.successorId(), event)) {
            pending.undo().run();
        }
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
