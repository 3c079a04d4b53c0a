package dev.rtpolicy.refresh;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatedClientSessionModel;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FamilyNotesTest {

    private final Map<String, String> notes = new HashMap<>();
    /** The note writes in the order the client session receives them, as Keycloak records its update tasks. */
    private final List<String> writes = new ArrayList<>();

    @Test
    void removeWhenFamilyNoteLiveThenOverwrittenWithDroppedBeforeItIsRemoved() {
        notes.put("rtp.family.f", "rt1  0 1000 60");

        FamilyNotes.remove(clientSession(), "rtp.family.f");

        assertEquals(List.of("set rtp.family.f=dropped", "remove rtp.family.f"), writes,
                "a line that loses the removal in the database keeps a value no family reads");
        assertEquals(Map.of(), notes);
    }

    @Test
    void removeWhenNoteAlreadyHoldsDroppedThenOnlyRemoved() {
        notes.put("rtp.family.f", FamilyNotes.DROPPED);

        FamilyNotes.remove(clientSession(), "rtp.family.f");

        assertEquals(List.of("remove rtp.family.f"), writes);
    }

    private AuthenticatedClientSessionModel clientSession() {
        return (AuthenticatedClientSessionModel) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AuthenticatedClientSessionModel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getNote" -> notes.get((String) args[0]);
                    case "setNote" -> {
                        writes.add("set " + args[0] + "=" + args[1]);
                        yield notes.put((String) args[0], (String) args[1]);
                    }
                    case "removeNote" -> {
                        writes.add("remove " + args[0]);
                        notes.remove((String) args[0]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
