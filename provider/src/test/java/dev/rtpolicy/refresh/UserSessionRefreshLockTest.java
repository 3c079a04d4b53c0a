package dev.rtpolicy.refresh;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock and the rotation claim give their entries back in the request's own after-completion, through the
 * store they took them with: no second Keycloak session (the session factory of this request's stand-in refuses
 * every call).
 */
class UserSessionRefreshLockTest {

    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects();
    private final Request request = new Request(store);

    @Test
    void acquireWhenRequestCommitsThenEntryRemovedInItsOwnAfterCompletion() {
        assertTrue(UserSessionRefreshLock.tryAcquire(request.session, "us1"));
        assertTrue(store.lifespans.containsKey("rtp-lock:us1"));
        assertTrue(UserSessionRefreshLock.held(request.session, "us1"));

        request.commit();

        assertFalse(store.lifespans.containsKey("rtp-lock:us1"));
        assertEquals(List.of("rtp-lock:us1"), store.removed);
        assertFalse(UserSessionRefreshLock.held(request.session, "us1"));
    }

    @Test
    void acquireWhenRequestRollsBackThenEntryRemoved() {
        assertTrue(UserSessionRefreshLock.tryAcquire(request.session, "us1"));

        request.rollback();

        assertFalse(store.lifespans.containsKey("rtp-lock:us1"));
    }

    @Test
    void acquireWhenTakenTwiceInOneRequestThenOneEntryAndOneRelease() {
        assertTrue(UserSessionRefreshLock.tryAcquire(request.session, "us1"));
        assertTrue(UserSessionRefreshLock.tryAcquire(request.session, "us1"));

        assertEquals(1, request.afterCompletion.size());
        request.commit();
        assertEquals(List.of("rtp-lock:us1"), store.removed);
    }

    @Test
    void acquireWhenAnotherRequestHoldsTheEntryThenThisOneGetsItOnceThatOneCompletes() throws Exception {
        Request holder = new Request(store);
        assertTrue(UserSessionRefreshLock.tryAcquire(holder.session, "us1"));
        Thread release = new Thread(holder::commit);
        release.start();

        assertTrue(UserSessionRefreshLock.tryAcquire(request.session, "us1"));
        release.join();
        assertTrue(UserSessionRefreshLock.held(request.session, "us1"));
        assertFalse(UserSessionRefreshLock.held(holder.session, "us1"));
    }

    @Test
    void unlockedDuringWhenSlowWorkRunsThenEntryIsFreeAndTakenAgainAfter() {
        assertTrue(UserSessionRefreshLock.tryAcquire(request.session, "us1"));
        List<Boolean> freeDuring = new ArrayList<>();

        UserSessionRefreshLock.unlockedDuring(request.session, "us1", () -> freeDuring.add(!store.lifespans.containsKey("rtp-lock:us1")));

        assertEquals(List.of(true), freeDuring);
        assertTrue(UserSessionRefreshLock.held(request.session, "us1"));
        request.commit();
        assertFalse(store.lifespans.containsKey("rtp-lock:us1"));
    }

    @Test
    void claimWhenRequestRollsBackThenClaimGivenBackThroughTheSameStore() {
        assertTrue(RotationClaim.claim(request.session, "f", "rt1"));

        request.rollback();

        assertFalse(store.lifespans.containsKey(RotationClaim.key("f", "rt1")));
    }

    @Test
    void claimWhenRequestCommitsThenClaimStays() {
        assertTrue(RotationClaim.claim(request.session, "f", "rt1"));

        request.commit();

        assertTrue(store.lifespans.containsKey(RotationClaim.key("f", "rt1")));
    }

    /** One request's KeycloakSession: attributes, the shared store, and after-completion transactions it runs on demand. */
    private static final class Request {

        final List<KeycloakTransaction> afterCompletion = new ArrayList<>();
        final KeycloakSession session;

        Request(InMemorySingleUseObjects store) {
            Map<String, Object> attributes = new HashMap<>();
            KeycloakSessionFactory noSecondSession = proxy(KeycloakSessionFactory.class, (name, args) -> {
                throw new AssertionError("a second Keycloak session was asked for: " + name);
            });
            KeycloakTransactionManager manager = proxy(KeycloakTransactionManager.class, (name, args) -> {
                if (name.equals("enlistAfterCompletion")) {
                    KeycloakTransaction transaction = (KeycloakTransaction) args[0];
                    transaction.begin();
                    afterCompletion.add(transaction);
                }
                return null;
            });
            session = proxy(KeycloakSession.class, (name, args) -> switch (name) {
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "singleUseObjects" -> store;
                case "getTransactionManager" -> manager;
                case "getKeycloakSessionFactory" -> noSecondSession;
                default -> null;
            });
        }

        void commit() {
            afterCompletion.forEach(KeycloakTransaction::commit);
        }

        void rollback() {
            afterCompletion.forEach(KeycloakTransaction::rollback);
        }
    }

    private interface Answer {
        Object apply(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(UserSessionRefreshLockTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.apply(method.getName(), args)));
    }
}
