package dev.rtpolicy.ops;

/**
 * The Keycloak methods of 26.5 and newer the shims in {@code src/from26.5} call: the 4-argument client-session
 * context.
 */
final class From26dot5Hooks {

    static final String[][] METHODS = {
            {"org.keycloak.services.util.DefaultClientSessionContext", "fromClientSessionAndClientScopes", "org.keycloak.models.AuthenticatedClientSessionModel",
                    "java.util.Set", "java.util.Set", "org.keycloak.models.KeycloakSession"},
    };

    private From26dot5Hooks() {
    }
}
