package dev.rtpolicy.ops;

/**
 * The Keycloak methods the legacy adapter (26.4 to 26.6: {@code LegacyTokenManager}) calls or overrides on every line
 * it serves: see {@link RequiredHooks}.
 */
final class AdapterHooks {

    static final String[][] METHODS = {
            {"org.keycloak.protocol.oidc.TokenManager", "responseBuilder", "org.keycloak.models.RealmModel", "org.keycloak.models.ClientModel",
                    "org.keycloak.events.EventBuilder", "org.keycloak.models.KeycloakSession", "org.keycloak.models.UserSessionModel",
                    "org.keycloak.models.ClientSessionContext"},
            {"org.keycloak.protocol.oidc.TokenManager", "verifyRefreshToken", "org.keycloak.models.KeycloakSession", "org.keycloak.models.RealmModel",
                    "org.keycloak.models.ClientModel", "org.keycloak.http.HttpRequest", "java.lang.String", "boolean"},
            {"org.keycloak.protocol.oidc.TokenManager", "verifyConsentStillAvailable", "org.keycloak.models.KeycloakSession", "org.keycloak.models.UserModel",
                    "org.keycloak.models.ClientModel", "java.util.stream.Stream"},
            {"org.keycloak.services.util.UserSessionUtil", "isOfflineAccessGranted", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.models.AuthenticatedClientSessionModel"},
            {"org.keycloak.protocol.oidc.grants.OAuth2GrantType$Context", "setClient", "org.keycloak.models.ClientModel"},
    };

    private AdapterHooks() {
    }
}
