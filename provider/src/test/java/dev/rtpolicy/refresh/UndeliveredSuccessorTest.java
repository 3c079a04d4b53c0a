package dev.rtpolicy.refresh;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UndeliveredSuccessorTest {

    private final Map<String, Object> attributes = new HashMap<>();
    private final AtomicInteger undone = new AtomicInteger();
    private final KeycloakSession session = (KeycloakSession) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {KeycloakSession.class}, (self, method, args) -> switch (method.getName()) {
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "removeAttribute" -> attributes.remove((String) args[0]);
                default -> null;
            });

    @Test
    void deliveredWhenResponseCarriesSuccessorAndGrantSucceededThenRotationStands() {
        assertTrue(UndeliveredSuccessor.delivered("rt2", "rt2", sent(EventType.REFRESH_TOKEN)));
    }

    @Test
    void deliveredWhenClientPolicyDroppedSuccessorThenUndone() {
        assertFalse(UndeliveredSuccessor.delivered(null, "rt2", sent(EventType.REFRESH_TOKEN)));
    }

    @Test
    void deliveredWhenResponseCarriesAnotherTokenThenUndone() {
        assertFalse(UndeliveredSuccessor.delivered("rt3", "rt2", sent(EventType.REFRESH_TOKEN)));
    }

    @Test
    void deliveredWhenGrantEndedInErrorThenUndone() {
        assertFalse(UndeliveredSuccessor.delivered("rt2", "rt2", sent(EventType.REFRESH_TOKEN_ERROR)));
    }

    @Test
    void deliveredWhenNoEventWasSentThenUndone() {
        // a refused token post-processor answers with an error without sending an event
        Event unsent = new Event();
        unsent.setType(EventType.REFRESH_TOKEN);
        assertFalse(UndeliveredSuccessor.delivered("rt2", "rt2", unsent));
    }

    @Test
    void settleWhenAClientPolicyDroppedTheSuccessorThenUndoneOnceAtTheGrantsEvent() {
        String[] inResponse = {"rt2"};
        UndeliveredSuccessor.await(session, () -> inResponse[0], "rt2", undone::incrementAndGet);
        inResponse[0] = null;

        new UndeliveredSuccessorListener(session).onEvent(sent(EventType.REFRESH_TOKEN));
        UndeliveredSuccessor.settle(session, sent(EventType.REFRESH_TOKEN));

        assertEquals(1, undone.get(), "undone at the event, and the fallback before commit finds nothing left");
    }

    @Test
    void settleWhenTheGrantFailedAfterRotatingThenUndone() {
        UndeliveredSuccessor.await(session, () -> "rt2", "rt2", undone::incrementAndGet);

        new UndeliveredSuccessorListener(session).onEvent(sent(EventType.REFRESH_TOKEN_ERROR));

        assertEquals(1, undone.get());
    }

    @Test
    void settleWhenTheSuccessorWentOutThenTheRotationStands() {
        UndeliveredSuccessor.await(session, () -> "rt2", "rt2", undone::incrementAndGet);

        new UndeliveredSuccessorListener(session).onEvent(sent(EventType.REFRESH_TOKEN));
        UndeliveredSuccessor.settle(session, sent(EventType.REFRESH_TOKEN));

        assertEquals(0, undone.get());
    }

    @Test
    void listenerWhenAnotherEventIsSentThenTheRotationStillWaits() {
        UndeliveredSuccessor.await(session, () -> null, "rt2", undone::incrementAndGet);

        new UndeliveredSuccessorListener(session).onEvent(sent(EventType.LOGIN));
        assertEquals(0, undone.get());
        UndeliveredSuccessor.settle(session, sent(EventType.REFRESH_TOKEN));
        assertEquals(1, undone.get());
    }

    private static Event sent(EventType type) {
        Event event = new Event();
        event.setType(type);
        event.setId("event-id");
        return event;
    }
}
