package dev.rtpolicy.refresh;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

import dev.rtpolicy.settings.RevocationTrigger;

/**
 * Which of Keycloak's events is which {@link RevocationTrigger}, as pure functions. Keycloak sends some changes twice,
 * once under a deprecated type ({@code UPDATE_PASSWORD} next to {@code UPDATE_CREDENTIAL}, {@code REMOVE_TOTP} next
 * to {@code REMOVE_CREDENTIAL}): only the current type counts, so each change revokes once.
 */
final class SecurityEvents {

    private SecurityEvents() {
    }

    /** A user event: the user's own change, a required action, or brute-force detection. */
    static Optional<RevocationTrigger> ofUserEvent(EventType type, Map<String, String> details) {
        switch (type) {
            case UPDATE_CREDENTIAL:
                return details != null && "password".equals(details.get(Details.CREDENTIAL_TYPE))
                        ? Optional.of(RevocationTrigger.PASSWORD_CHANGE) : Optional.empty();
            case REMOVE_CREDENTIAL:
                return Optional.of(RevocationTrigger.CREDENTIAL_REMOVED);
            case USER_DISABLED_BY_TEMPORARY_LOCKOUT:
            case USER_DISABLED_BY_PERMANENT_LOCKOUT:
                return Optional.of(RevocationTrigger.USER_DISABLED);
            case REMOVE_FEDERATED_IDENTITY:
                return Optional.of(RevocationTrigger.IDENTITY_PROVIDER_UNLINKED);
            default:
                return Optional.empty();
        }
    }

    /**
     * An admin event on a user ({@code resourcePath} {@code users/{id}/…}, as Keycloak's {@code UserResource} writes it).
     *
     * @param userEnabled whether the user is enabled now; asked for a user update only
     */
    static Optional<RevocationTrigger> ofAdminEvent(ResourceType resourceType, OperationType operation, String resourcePath,
                                                    BooleanSupplier userEnabled) {
        if (resourceType != ResourceType.USER || resourcePath == null) {
            return Optional.empty();
        }
        String[] path = resourcePath.split("/");
        if (path.length < 2 || !path[0].equals("users")) {
            return Optional.empty();
        }
        if (operation == OperationType.UPDATE && path.length == 2) {
            return userEnabled.getAsBoolean() ? Optional.empty() : Optional.of(RevocationTrigger.USER_DISABLED);
        }
        if (operation == OperationType.ACTION && path.length == 3 && path[2].equals("reset-password")) {
            return Optional.of(RevocationTrigger.PASSWORD_CHANGE);
        }
        // DELETE users/{id}/credentials/{credential}: Keycloak records it as an ACTION
        if (operation == OperationType.ACTION && path.length == 4 && path[2].equals("credentials")) {
            return Optional.of(RevocationTrigger.CREDENTIAL_REMOVED);
        }
        if (operation == OperationType.DELETE && path.length == 4 && path[2].equals("federated-identity")) {
            return Optional.of(RevocationTrigger.IDENTITY_PROVIDER_UNLINKED);
        }
        return Optional.empty();
    }

    /** The user id of a {@code users/{id}/…} path. */
    static String userIdOf(String resourcePath) {
        return resourcePath.split("/")[1];
    }
}
