package dev.rtpolicy.ops;

/**
 * The Keycloak 26.4 methods the extension calls or overrides beyond {@link CommonHooks} and {@link AdapterHooks}: see
 * {@link RequiredHooks}.
 */
final class LineHooks {

    /** 26.4's 3-argument client-session context */
    private static final String[][] OWN = {
            {"org.keycloak.services.util.DefaultClientSessionContext", "fromClientSessionAndClientScopes", "org.keycloak.models.AuthenticatedClientSessionModel",
                    "java.util.Set", "org.keycloak.models.KeycloakSession"},
    };

    static final String[][][] LISTS = {Until26dot5Hooks.METHODS, OWN};

    private LineHooks() {
    }
}
