package dev.rtpolicy.ops;

/**
 * The Keycloak 26.6 methods the extension calls or overrides beyond {@link CommonHooks} and {@link AdapterHooks}: see
 * {@link RequiredHooks}.
 */
final class LineHooks {

    /**
     * 26.6's own: the 11-argument refresh, the 7-argument access token, what its refresh adds, stock's private
     * organization check the 26.6 adapter copies, the grant method {@code isTokenAllowed}. ({@code getTokenParameterNames}
     * arrived in a later 26.6 patch and is only forwarded: a Keycloak without it never calls it.)
     */
    private static final String[][] OWN = {
            {"org.keycloak.protocol.oidc.TokenManager", "refreshAccessToken", "org.keycloak.models.KeycloakSession", "jakarta.ws.rs.core.UriInfo",
                    "org.keycloak.common.ClientConnection", "org.keycloak.models.RealmModel", "org.keycloak.models.ClientModel", "java.lang.String",
                    "org.keycloak.events.EventBuilder", "jakarta.ws.rs.core.HttpHeaders", "org.keycloak.http.HttpRequest", "java.lang.String", "java.lang.String"},
            {"org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder", "requestRefreshToken", "org.keycloak.representations.RefreshToken"},
            {"org.keycloak.organization.utils.Organizations", "isEnabled", "org.keycloak.models.KeycloakSession"},
            {"org.keycloak.protocol.oidc.TokenManager", "validateSelectedOrganization", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.representations.JsonWebToken", "org.keycloak.models.UserModel"},
            {"org.keycloak.protocol.oidc.TokenManager", "createClientAccessToken", "org.keycloak.models.KeycloakSession", "org.keycloak.models.RealmModel",
                    "org.keycloak.models.ClientModel", "org.keycloak.models.UserModel", "org.keycloak.models.UserSessionModel",
                    "org.keycloak.models.ClientSessionContext", "boolean"},
            {"org.keycloak.protocol.oidc.grants.OAuth2GrantType", "isTokenAllowed", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.representations.AccessToken"},
    };

    static final String[][][] LISTS = {From26dot5Hooks.METHODS, From26dot6Hooks.METHODS, OWN};

    private LineHooks() {
    }
}
