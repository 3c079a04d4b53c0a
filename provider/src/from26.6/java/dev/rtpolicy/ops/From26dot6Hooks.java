package dev.rtpolicy.ops;

/**
 * The Keycloak methods of 26.6 and newer the shims in {@code src/from26.6} override: the 5-argument transforms with
 * the bearer token.
 */
final class From26dot6Hooks {

    static final String[][] METHODS = {
            {"org.keycloak.protocol.oidc.TokenManager", "transformIntrospectionAccessToken", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.representations.AccessToken", "org.keycloak.representations.AccessToken", "org.keycloak.models.UserSessionModel",
                    "org.keycloak.models.ClientSessionContext"},
            {"org.keycloak.protocol.oidc.TokenManager", "transformUserInfoAccessToken", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.representations.AccessToken", "org.keycloak.representations.AccessToken", "org.keycloak.models.UserSessionModel",
                    "org.keycloak.models.ClientSessionContext"},
    };

    private From26dot6Hooks() {
    }
}
