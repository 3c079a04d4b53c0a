package dev.rtpolicy.refresh;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuccessorDeliveryTest {

    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger givenBack = new AtomicInteger();
    private final KeycloakSession session = fakeSession(new HashMap<>());

    @Test
    void deliveredWhenResponseCarriesSuccessorAndGrantSucceededThenRotationStands() {
        assertTrue(SuccessorDelivery.delivered("rt2", "rt2", sent(EventType.REFRESH_TOKEN)));
    }

    @Test
    void deliveredWhenClientPolicyDroppedSuccessorThenUndone() {
        assertFalse(SuccessorDelivery.delivered(null, "rt2", sent(EventType.REFRESH_TOKEN)));
    }

    @Test
    void deliveredWhenResponseCarriesAnotherTokenThenUndone() {
        assertFalse(SuccessorDelivery.delivered("rt3", "rt2", sent(EventType.REFRESH_TOKEN)));
    }

    @Test
    void deliveredWhenGrantEndedInErrorThenUndone() {
        assertFalse(SuccessorDelivery.delivered("rt2", "rt2", sent(EventType.REFRESH_TOKEN_ERROR)));
    }

    @Test
    void deliveredWhenNoEventWasSentThenUndone() {
        // a refused token post-processor answers with an error without sending an event
        Event unsent = new Event();
        unsent.setType(EventType.REFRESH_TOKEN);
        assertFalse(SuccessorDelivery.delivered("rt2", "rt2", unsent));
    }

    @Test
    void settleWhenTheSuccessorWentOutThenWrittenAtTheGrantsSuccessEventAndOnlyThen() {
        SuccessorDelivery.await(session, () -> "rt2", "rt2", written::incrementAndGet, givenBack::incrementAndGet);

        new SuccessorDeliveryListener(session).onEvent(sent(EventType.REFRESH_TOKEN));
        SuccessorDelivery.settleBeforeCommit(session, sent(EventType.REFRESH_TOKEN));

        assertEquals(List.of(1, 0), List.of(written.get(), givenBack.get()), "written once, at the event, before Keycloak writes the session");
    }

    @Test
    void settleWhenAClientPolicyDroppedTheSuccessorThenNothingWrittenAndTheClaimGivenBack() {
        String[] inResponse = {"rt2"};
        SuccessorDelivery.await(session, () -> inResponse[0], "rt2", written::incrementAndGet, givenBack::incrementAndGet);
        inResponse[0] = null;

        new SuccessorDeliveryListener(session).onEvent(sent(EventType.REFRESH_TOKEN));
        SuccessorDelivery.settleBeforeCommit(session, sent(EventType.REFRESH_TOKEN));

        assertEquals(List.of(0, 1), List.of(written.get(), givenBack.get()));
    }

    @Test
    void settleWhenTheGrantFailedAfterTheProviderThenNothingWrittenAndTheClaimGivenBackBeforeCommit() {
        SuccessorDelivery.await(session, () -> "rt2", "rt2", written::incrementAndGet, givenBack::incrementAndGet);
        Event error = sent(EventType.REFRESH_TOKEN_ERROR);

        // Keycloak sends an error event from a session of its own: its listener has nothing pending
        new SuccessorDeliveryListener(anotherSession()).onEvent(error);
        assertEquals(List.of(0, 0), List.of(written.get(), givenBack.get()));
        SuccessorDelivery.settleBeforeCommit(session, error);

        assertEquals(List.of(0, 1), List.of(written.get(), givenBack.get()));
    }

    @Test
    void listenerWhenAnotherEventIsSentThenTheRotationStillWaits() {
        SuccessorDelivery.await(session, () -> "rt2", "rt2", written::incrementAndGet, givenBack::incrementAndGet);

        new SuccessorDeliveryListener(session).onEvent(sent(EventType.LOGIN));
        assertEquals(List.of(0, 0), List.of(written.get(), givenBack.get()));
        new SuccessorDeliveryListener(session).onEvent(sent(EventType.REFRESH_TOKEN));

        assertEquals(List.of(1, 0), List.of(written.get(), givenBack.get()));
    }

    @Test
    void settledAfterWhenTheGrantReturnedTheSuccessorThenWrittenAfterTheGrantNotAtItsEvent() {
        SuccessorDelivery.await(session, () -> "rt2", "rt2", written::incrementAndGet, givenBack::incrementAndGet);
        Event success = sent(EventType.REFRESH_TOKEN);

        Response response = SuccessorDelivery.settledAfter(session, () -> success, () -> {
            new SuccessorDeliveryListener(session).onEvent(success);
            assertEquals(0, written.get(), "the grant settles, not its event");
            return Response.ok().build();
        });

        assertEquals(200, response.getStatus());
        assertEquals(List.of(1, 0), List.of(written.get(), givenBack.get()));
        new SuccessorDeliveryListener(session).onEvent(success);
        assertEquals(1, written.get(), "settled once");
    }

    @Test
    void settledAfterWhenTheWriteFailsThenTheGrantFailsInsteadOfDeliveringAnUnrecordedSuccessor() {
        SuccessorDelivery.await(session, () -> "rt2", "rt2", () -> {
            throw new IllegalStateException("note not written");
        }, givenBack::incrementAndGet);

        assertThrows(IllegalStateException.class, () -> SuccessorDelivery.settledAfter(session, () -> sent(EventType.REFRESH_TOKEN),
                () -> Response.ok().build()));
    }

    @Test
    void settledAfterWhenTheGrantThrowsThenLeftToTheCommitAndGivenBackThere() {
        SuccessorDelivery.await(session, () -> "rt2", "rt2", written::incrementAndGet, givenBack::incrementAndGet);

        assertThrows(IllegalStateException.class, () -> SuccessorDelivery.settledAfter(session, () -> sent(EventType.REFRESH_TOKEN_ERROR), () -> {
            throw new IllegalStateException("refused after the provider");
        }));
        assertEquals(List.of(0, 0), List.of(written.get(), givenBack.get()));
        SuccessorDelivery.settleBeforeCommit(session, sent(EventType.REFRESH_TOKEN_ERROR));

        assertEquals(List.of(0, 1), List.of(written.get(), givenBack.get()));
    }

    private static KeycloakSession anotherSession() {
        return fakeSession(new HashMap<>());
    }

    private static KeycloakSession fakeSession(Map<String, Object> attributes) {
        return (KeycloakSession) Proxy.newProxyInstance(SuccessorDeliveryTest.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (self, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    default -> null;
                });
    }

    private static Event sent(EventType type) {
        Event event = new Event();
        event.setType(type);
        event.setId("event-id");
        return event;
    }
}
