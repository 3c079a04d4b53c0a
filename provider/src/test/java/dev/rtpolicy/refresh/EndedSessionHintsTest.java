package dev.rtpolicy.refresh;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which sessions a hint covers, and for how long. */
class EndedSessionHintsTest {

    private static final long MARGIN = 300;

    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects();
    private final KeycloakSession session = proxy(KeycloakSession.class, Map.of("singleUseObjects", store));
    private final RealmModel realm = realm("r1", Map.of("getSsoSessionMaxLifespan", 36_000, "getSsoSessionIdleTimeout", 1_800,
            "getSsoSessionMaxLifespanRememberMe", 0, "getSsoSessionIdleTimeoutRememberMe", 0,
            "getOfflineSessionIdleTimeout", 2_592_000, "isOfflineSessionMaxLifespanEnabled", false, "getOfflineSessionMaxLifespan", 5_184_000));

    @Test
    void presentWhenUserSessionEndedThenThatSessionOfThatKindOnly() {
        EndedSessionHints.userSessionEnding(session, realm, "us1", false);

        assertTrue(EndedSessionHints.present(session, realm, "us1", null, false));
        assertTrue(EndedSessionHints.present(session, realm, "us1", "client-a", false));
        assertFalse(EndedSessionHints.present(session, realm, "us1", null, true));
        assertFalse(EndedSessionHints.present(session, realm, "us2", "client-a", false));
    }

    @Test
    void presentWhenClientSessionEndedThenThatClientsSessionOnly() {
        EndedSessionHints.clientSessionEnding(session, realm, "us1", "client-a", true);

        assertTrue(EndedSessionHints.present(session, realm, "us1", "client-a", true));
        assertFalse(EndedSessionHints.present(session, realm, "us1", "client-b", true));
        assertFalse(EndedSessionHints.present(session, realm, "us1", null, true));
        assertFalse(EndedSessionHints.present(session, realm, "us1", "client-a", false));
    }

    @Test
    void presentWhenRealmSessionsEndedThenEverySessionOfThatRealmAndKind() {
        EndedSessionHints.realmSessionsEnding(session, realm, false);

        assertTrue(EndedSessionHints.present(session, realm, "any", "client-a", false));
        assertFalse(EndedSessionHints.present(session, realm, "any", "client-a", true));
        assertFalse(EndedSessionHints.present(session, realm("r2", Map.of()), "any", "client-a", false));
    }

    @Test
    void realmSessionsEndingWhenWrittenAgainThenItsLifespanStartsAnew() {
        EndedSessionHints.realmSessionsEnding(session, realm, false);
        EndedSessionHints.realmSessionsEnding(session, realm, false);

        // removed before each write, so the second write's lifespan counts from the second end
        assertEquals(List.of("rtp-ended:online:realm/r1", "rtp-ended:online:realm/r1"), store.removed);
        assertTrue(EndedSessionHints.present(session, realm, "any", null, false));
    }

    @Test
    void presentWhenClientRemovedThenEverySessionOfThatClientOfBothKinds() {
        EndedSessionHints.clientSessionsEnding(session, realm, "client-a");

        assertTrue(EndedSessionHints.present(session, realm, "us1", "client-a", false));
        assertTrue(EndedSessionHints.present(session, realm, "us2", "client-a", true));
        assertFalse(EndedSessionHints.present(session, realm, "us1", "client-b", false));
        assertFalse(EndedSessionHints.present(session, realm, "us1", null, false));
        assertEquals(2_592_000 + MARGIN, store.lifespans.get("rtp-ended:client/client-a"));
    }

    @Test
    void userSessionEndingWhenTheSameSessionEndsAgainThenItsHintIsWrittenAnew() {
        EndedSessionHints.userSessionEnding(session, realm, "us1", true);
        EndedSessionHints.userSessionEnding(session, realm, "us1", true);

        // an offline session given again under its id and revoked again: the hint lasts from the second end
        assertEquals(List.of("rtp-ended:offline:us1", "rtp-ended:offline:us1"), store.removed);
        assertTrue(EndedSessionHints.present(session, realm, "us1", null, true));
    }

    @Test
    void lifespanWhenRealmValuesAreZeroThenKeycloaksDefaultsAsItsExpirationReadsThem() {
        RealmModel zeros = realm("r5", Map.of());

        assertEquals(36_000 + MARGIN, EndedSessionHints.lifespan(zeros, false));
        assertEquals(2_592_000 + MARGIN, EndedSessionHints.lifespan(zeros, true));
        RealmModel cappedAtZero = realm("r6", Map.of("isOfflineSessionMaxLifespanEnabled", true));
        assertEquals(5_184_000 + MARGIN, EndedSessionHints.lifespan(cappedAtZero, true));
    }

    @Test
    void lifespanWhenOnlineThenLongestOnlineLifespanPlusMargin() {
        assertEquals(36_000 + MARGIN, EndedSessionHints.lifespan(realm, false));
        RealmModel rememberMe = realm("r3", Map.of("getSsoSessionMaxLifespan", 36_000, "getSsoSessionMaxLifespanRememberMe", 1_209_600));
        assertEquals(1_209_600 + MARGIN, EndedSessionHints.lifespan(rememberMe, false));
    }

    @Test
    void lifespanWhenOfflineThenIdleTimeoutOrMaxLifespanIfEnabledPlusMargin() {
        assertEquals(2_592_000 + MARGIN, EndedSessionHints.lifespan(realm, true));
        RealmModel capped = realm("r4", Map.of("getOfflineSessionIdleTimeout", 2_592_000, "isOfflineSessionMaxLifespanEnabled", true,
                "getOfflineSessionMaxLifespan", 5_184_000));
        assertEquals(5_184_000 + MARGIN, EndedSessionHints.lifespan(capped, true));
    }

    @Test
    void endingWhenHintWrittenThenItLastsTheRealmsLifespanOfThatKind() {
        EndedSessionHints.userSessionEnding(session, realm, "us1", true);

        assertEquals(Map.of("rtp-ended:offline:us1", 2_592_000 + MARGIN), store.lifespans);
    }

    private static RealmModel realm(String id, Map<String, Object> answers) {
        Map<String, Object> all = new HashMap<>(answers);
        all.put("getId", id);
        return proxy(RealmModel.class, all);
    }

    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(EndedSessionHintsTest.class.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (answers.containsKey(method.getName())) {
                return answers.get(method.getName());
            }
            if (method.getReturnType() == int.class) {
                return 0;
            }
            if (method.getReturnType() == boolean.class) {
                return false;
            }
            return null;
        }));
    }
}
