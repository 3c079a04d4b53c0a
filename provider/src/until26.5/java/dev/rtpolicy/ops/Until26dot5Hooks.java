package dev.rtpolicy.ops;

/**
 * The Keycloak methods of 26.4 and 26.5 the shims in {@code src/until26.5} call or override: the 10-argument refresh,
 * the 6-argument access token, the 4-argument transforms.
 */
final class Until26dot5Hooks {

    static final String[][] METHODS = {
            {"org.keycloak.protocol.oidc.TokenManager", "refreshAccessToken", "org.keycloak.models.KeycloakSession", "jakarta.ws.rs.core.UriInfo",
                    "org.keycloak.common.ClientConnection", "org.keycloak.models.RealmModel", "org.keycloak.models.ClientModel", "java.lang.String",
                    "org.keycloak.events.EventBuilder", "jakarta.ws.rs.core.HttpHeaders", "org.keycloak.http.HttpRequest", "java.lang.String"},
            {"org.keycloak.protocol.oidc.TokenManager", "createClientAccessToken", "org.keycloak.models.KeycloakSession", "org.keycloak.models.RealmModel",
                    "org.keycloak.models.ClientModel", "org.keycloak.models.UserModel", "org.keycloak.models.UserSessionModel",
                    "org.keycloak.models.ClientSessionContext"},
            {"org.keycloak.protocol.oidc.TokenManager", "transformIntrospectionAccessToken", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.representations.AccessToken", "org.keycloak.models.UserSessionModel", "org.keycloak.models.ClientSessionContext"},
            {"org.keycloak.protocol.oidc.TokenManager", "transformUserInfoAccessToken", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.representations.AccessToken", "org.keycloak.models.UserSessionModel", "org.keycloak.models.ClientSessionContext"},
    };

    private Until26dot5Hooks() {
    }
}
