package dev.rtpolicy.refresh;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

import dev.rtpolicy.settings.RevocationTrigger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecurityEventsTest {

    private static final BooleanSupplier NOT_ASKED = () -> {
        throw new AssertionError("only a user update asks whether the user is enabled");
    };

    @Test
    void userEventsWhenCurrentTypeThenTriggerAndDeprecatedDuplicatesNever() {
        assertEquals(Optional.of(RevocationTrigger.PASSWORD_CHANGE), SecurityEvents.ofUserEvent(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "password")));
        assertEquals(Optional.empty(), SecurityEvents.ofUserEvent(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "otp")), "a new OTP is no password change");
        assertEquals(Optional.empty(), SecurityEvents.ofUserEvent(EventType.UPDATE_PASSWORD, Map.of("credential_type", "password")), "sent next to UPDATE_CREDENTIAL");
        assertEquals(Optional.of(RevocationTrigger.CREDENTIAL_REMOVED), SecurityEvents.ofUserEvent(EventType.REMOVE_CREDENTIAL, Map.of()));
        assertEquals(Optional.empty(), SecurityEvents.ofUserEvent(EventType.REMOVE_TOTP, Map.of()), "sent next to REMOVE_CREDENTIAL");
        assertEquals(Optional.of(RevocationTrigger.USER_DISABLED), SecurityEvents.ofUserEvent(EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT, null));
        assertEquals(Optional.of(RevocationTrigger.USER_DISABLED), SecurityEvents.ofUserEvent(EventType.USER_DISABLED_BY_TEMPORARY_LOCKOUT, null));
        assertEquals(Optional.of(RevocationTrigger.IDENTITY_PROVIDER_UNLINKED), SecurityEvents.ofUserEvent(EventType.REMOVE_FEDERATED_IDENTITY, null));
        assertEquals(Optional.empty(), SecurityEvents.ofUserEvent(EventType.LOGIN, null));
    }

    @Test
    void adminEventsOnUsersByPathAndOperation() {
        assertEquals(Optional.of(RevocationTrigger.PASSWORD_CHANGE), admin(OperationType.ACTION, "users/u1/reset-password", NOT_ASKED));
        assertEquals(Optional.of(RevocationTrigger.CREDENTIAL_REMOVED), admin(OperationType.ACTION, "users/u1/credentials/c1", NOT_ASKED));
        assertEquals(Optional.empty(), admin(OperationType.ACTION, "users/u1/credentials/c1/moveToFirst", NOT_ASKED));
        assertEquals(Optional.of(RevocationTrigger.IDENTITY_PROVIDER_UNLINKED), admin(OperationType.DELETE, "users/u1/federated-identity/github", NOT_ASKED));
        assertEquals(Optional.empty(), admin(OperationType.CREATE, "users/u1/federated-identity/github", NOT_ASKED));
        assertEquals(Optional.of(RevocationTrigger.USER_DISABLED), admin(OperationType.UPDATE, "users/u1", () -> false));
        assertEquals(Optional.empty(), admin(OperationType.UPDATE, "users/u1", () -> true));
        assertEquals(Optional.empty(), admin(OperationType.ACTION, "users/u1/execute-actions-email", NOT_ASKED));
        assertEquals(Optional.empty(), SecurityEvents.ofAdminEvent(ResourceType.CLIENT, OperationType.UPDATE, "clients/c1", NOT_ASKED));
        assertEquals("u1", SecurityEvents.userIdOf("users/u1/reset-password"));
    }

    private static Optional<RevocationTrigger> admin(OperationType operation, String path, BooleanSupplier enabled) {
        return SecurityEvents.ofAdminEvent(ResourceType.USER, operation, path, enabled);
    }
}
