package dev.rtpolicy.refresh;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UndeliveredSuccessorTest {

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

    private static Event sent(EventType type) {
        Event event = new Event();
        event.setType(type);
        event.setId("event-id");
        return event;
    }
}
