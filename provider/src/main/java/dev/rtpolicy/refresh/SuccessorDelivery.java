package dev.rtpolicy.refresh;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.RefreshToken;

/**
 * A rotation is written only once its successor has gone out. Keycloak still acts on a refresh after the refresh-token
 * provider has returned: the client-policy executor {@code suppress-refresh-token-rotation} drops the successor from
 * the response, and a client policy, the MTLS binding or a token post-processor may refuse the response; an error
 * response commits the request's transaction like a success. Had the family been rotated, it would name a successor
 * nobody holds, and the client's next refresh with the token it does hold would be taken for reuse.
 * <p>
 * So the provider leaves the rotation pending, and it is settled once the response is final and before the commit,
 * whose first step writes the client session to the cache and the database: by the extension's refresh grant when
 * Keycloak's has returned ({@link #settledAfter}: a write that fails then fails the response and rolls back), else by
 * the grant's success event ({@link SuccessorDeliveryListener}), which Keycloak sends to listeners in the request's own
 * session. An error event is sent from a session of its own and never settles; the request then settles before its
 * commit, where an undelivered rotation only gives its claim back, as nothing was written.
 */
public final class SuccessorDelivery {

    private static final Logger logger = Logger.getLogger(SuccessorDelivery.class);

    /** Session attribute (this request only): the rotation waiting for the grant's event. */
    private static final String PENDING = SuccessorDelivery.class.getName();
    /** Session attribute (this request only): the grant settles when it has returned, the event listener does not. */
    private static final String SETTLED_BY_GRANT = PENDING + ".settledByGrant";

    private record Pending(Supplier<String> idInResponse, String successorId, Runnable write, Runnable giveBack) {
    }

    private SuccessorDelivery() {
    }

    /**
     * Leaves the rotation to {@code successorId} pending: {@code write} records it if the response carries the
     * successor, {@code giveBack} releases what it holds (the rotation claim) if not.
     */
    static void await(KeycloakSession session, TokenManager.AccessTokenResponseBuilder responseBuilder, EventBuilder event, String successorId,
                      Runnable write, Runnable giveBack) {
        await(session, () -> {
            RefreshToken inResponse = responseBuilder.getRefreshToken();
            return inResponse == null ? null : inResponse.getId();
        }, successorId, write, giveBack);
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                settleBeforeCommit(session, event.getEvent());
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    static void await(KeycloakSession session, Supplier<String> idInResponse, String successorId, Runnable write, Runnable giveBack) {
        session.setAttribute(PENDING, new Pending(idInResponse, successorId, write, giveBack));
    }

    /**
     * Runs a token grant and settles the rotation it left pending once it has returned its response, by the event the
     * grant sent ({@code sentEvent}). A grant that throws leaves it to the commit: rolled back, or settled before the
     * commit as undelivered.
     */
    public static Response settledAfter(KeycloakSession session, Supplier<Event> sentEvent, Supplier<Response> grant) {
        session.setAttribute(SETTLED_BY_GRANT, Boolean.TRUE);
        Response response;
        try {
            response = grant.get();
        } finally {
            session.removeAttribute(SETTLED_BY_GRANT);
        }
        settle(session, sentEvent.get(), false);
        return response;
    }

    /** At the grant's event, unless the grant settles itself: written if delivered, else given back. */
    static void settleAtEvent(KeycloakSession session, Event event) {
        if (session.getAttribute(SETTLED_BY_GRANT) == null) {
            settle(session, event, false);
        }
    }

    /**
     * Before the commit, for a request whose grant sent no success event in this session (an error, or a refused
     * post-processor). A delivered successor is then only possible if our listener did not run; it is written anyway,
     * though Keycloak has written the session already and only this node's cache will have it.
     */
    static void settleBeforeCommit(KeycloakSession session, Event event) {
        settle(session, event, true);
    }

    private static void settle(KeycloakSession session, Event event, boolean sessionWritten) {
        Pending pending = (Pending) session.getAttribute(PENDING);
        if (pending == null) {
            return;
        }
        session.removeAttribute(PENDING);
        if (!delivered(pending.idInResponse().get(), pending.successorId(), event)) {
            pending.giveBack().run();
            return;
        }
        if (sessionWritten) {
            logger.warn("A delivered rotation was settled after the session was written: the grant's success event did not reach the listener");
        }
        pending.write().run();
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
