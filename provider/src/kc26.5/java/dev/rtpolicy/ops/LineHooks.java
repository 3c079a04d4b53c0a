package dev.rtpolicy.ops;

/** The Keycloak 26.5 methods the extension calls or overrides: see {@link RequiredHooks}. */
final class LineHooks {

    static final String[][] METHODS = {
            // overridden by the legacy adapter (PolicyTokenManager): the refresh and every minting of a refresh token
            {"org.keycloak.protocol.oidc.TokenManager", "refreshAccessToken", "org.keycloak.models.KeycloakSession", "jakarta.ws.rs.core.UriInfo",
                    "org.keycloak.common.ClientConnection", "org.keycloak.models.RealmModel", "org.keycloak.models.ClientModel", "java.lang.String",
                    "org.keycloak.events.EventBuilder", "jakarta.ws.rs.core.HttpHeaders", "org.keycloak.http.HttpRequest", "java.lang.String"},
            {"org.keycloak.protocol.oidc.TokenManager", "responseBuilder", "org.keycloak.models.RealmModel", "org.keycloak.models.ClientModel",
                    "org.keycloak.events.EventBuilder", "org.keycloak.models.KeycloakSession", "org.keycloak.models.UserSessionModel",
                    "org.keycloak.models.ClientSessionContext"},
            {"org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder", "generateRefreshToken"},
            {"org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder", "generateRefreshToken", "org.keycloak.representations.RefreshToken",
                    "org.keycloak.models.AuthenticatedClientSessionModel"},
            // called by the legacy adapter
            {"org.keycloak.protocol.oidc.TokenManager", "verifyRefreshToken", "org.keycloak.models.KeycloakSession", "org.keycloak.models.RealmModel",
                    "org.keycloak.models.ClientModel", "org.keycloak.http.HttpRequest", "java.lang.String", "boolean"},
            {"org.keycloak.protocol.oidc.TokenManager", "createClientAccessToken", "org.keycloak.models.KeycloakSession", "org.keycloak.models.RealmModel",
                    "org.keycloak.models.ClientModel", "org.keycloak.models.UserModel", "org.keycloak.models.UserSessionModel",
                    "org.keycloak.models.ClientSessionContext"},
            {"org.keycloak.protocol.oidc.TokenManager", "verifyConsentStillAvailable", "org.keycloak.models.KeycloakSession", "org.keycloak.models.UserModel",
                    "org.keycloak.models.ClientModel", "java.util.stream.Stream"},
            {"org.keycloak.services.util.UserSessionUtil", "isOfflineAccessGranted", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.models.AuthenticatedClientSessionModel"},
            {"org.keycloak.services.util.DefaultClientSessionContext", "fromClientSessionAndScopeParameter", "org.keycloak.models.AuthenticatedClientSessionModel",
                    "java.lang.String", "org.keycloak.models.KeycloakSession"},
            {"org.keycloak.services.util.DefaultClientSessionContext", "fromClientSessionAndClientScopes", "org.keycloak.models.AuthenticatedClientSessionModel",
                    "java.util.Set", "java.util.Set", "org.keycloak.models.KeycloakSession"},
            // introspection and userinfo computed from the token's own scopes
            {"org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider", "transformAccessToken", "org.keycloak.representations.AccessToken",
                    "org.keycloak.models.UserSessionModel"},
            {"org.keycloak.protocol.oidc.TokenManager", "transformIntrospectionAccessToken", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.representations.AccessToken", "org.keycloak.models.UserSessionModel", "org.keycloak.models.ClientSessionContext"},
            {"org.keycloak.protocol.oidc.TokenManager", "transformUserInfoAccessToken", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.representations.AccessToken", "org.keycloak.models.UserSessionModel", "org.keycloak.models.ClientSessionContext"},
            {"org.keycloak.protocol.oidc.OIDCLoginProtocolService", "issueUserInfo"},
            // the grant wrappers
            {"org.keycloak.protocol.oidc.grants.OAuth2GrantType$Context", "setClientConfig", "java.lang.Object"},
            {"org.keycloak.protocol.oidc.grants.OAuth2GrantType$Context", "setFormParams", "jakarta.ws.rs.core.MultivaluedHashMap"},
            {"org.keycloak.protocol.oidc.grants.OAuth2GrantType$Context", "setClient", "org.keycloak.models.ClientModel"},
            {"org.keycloak.protocol.oidc.grants.PermissionGrantTypeFactory", "create", "org.keycloak.models.KeycloakSession"},
            {"org.keycloak.protocol.oidc.RefreshTokenIntrospectionProvider", "verifyTokenReuse"},
            {"org.keycloak.models.SingleUseObjectProvider", "putIfAbsent", "java.lang.String", "long"},
            {"org.keycloak.services.clientregistration.AbstractClientRegistrationProvider", "create",
                    "org.keycloak.services.clientregistration.ClientRegistrationContext"},
            {"org.keycloak.services.clientregistration.AbstractClientRegistrationProvider", "update", "java.lang.String",
                    "org.keycloak.services.clientregistration.ClientRegistrationContext"},
    };

    private LineHooks() {
    }
}
