package dev.rtpolicy.ops;

/** The Keycloak 26.7 methods the extension calls or overrides: see {@link RequiredHooks}. */
final class LineHooks {

    static final String[][] METHODS = {
            {"org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider", "generateRefreshToken", "org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext"},
            {"org.keycloak.protocol.oidc.refresh.AbstractRefreshTokenProvider", "refreshAccessToken", "org.keycloak.protocol.oidc.refresh.RefreshTokenContext"},
            {"org.keycloak.protocol.oidc.refresh.RefreshTokenContext", "oldRefreshToken"},
            {"org.keycloak.protocol.oidc.refresh.RefreshTokenContext", "scopeParameter"},
            {"org.keycloak.protocol.oidc.TokenManager", "validateToken", "org.keycloak.models.KeycloakSession", "jakarta.ws.rs.core.UriInfo",
                    "org.keycloak.common.ClientConnection", "org.keycloak.models.RealmModel", "org.keycloak.representations.RefreshToken",
                    "jakarta.ws.rs.core.HttpHeaders", "java.lang.String"},
            {"org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder", "generateRefreshToken"},
            {"org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder", "generateRefreshToken", "org.keycloak.representations.RefreshToken",
                    "org.keycloak.models.AuthenticatedClientSessionModel"},
            {"org.keycloak.services.util.DefaultClientSessionContext", "fromClientSessionAndScopeParameter", "org.keycloak.models.AuthenticatedClientSessionModel",
                    "java.lang.String", "org.keycloak.models.KeycloakSession"},
            {"org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider", "transformAccessToken", "org.keycloak.representations.AccessToken",
                    "org.keycloak.models.UserSessionModel"},
            {"org.keycloak.protocol.oidc.TokenManager", "transformIntrospectionAccessToken", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.representations.AccessToken", "org.keycloak.representations.AccessToken", "org.keycloak.models.UserSessionModel",
                    "org.keycloak.models.ClientSessionContext"},
            {"org.keycloak.protocol.oidc.TokenManager", "transformUserInfoAccessToken", "org.keycloak.models.KeycloakSession",
                    "org.keycloak.representations.AccessToken", "org.keycloak.representations.AccessToken", "org.keycloak.models.UserSessionModel",
                    "org.keycloak.models.ClientSessionContext"},
            {"org.keycloak.protocol.oidc.OIDCLoginProtocolService", "issueUserInfo"},
            {"org.keycloak.services.util.DefaultClientSessionContext", "fromClientSessionAndClientScopes", "org.keycloak.models.AuthenticatedClientSessionModel",
                    "java.util.Set", "java.util.Set", "org.keycloak.models.KeycloakSession"},
            {"org.keycloak.protocol.oidc.grants.OAuth2GrantType$Context", "setClientConfig", "java.lang.Object"},
            {"org.keycloak.protocol.oidc.grants.OAuth2GrantType$Context", "setFormParams", "jakarta.ws.rs.core.MultivaluedHashMap"},
            {"org.keycloak.protocol.oidc.grants.PermissionGrantTypeFactory", "create", "org.keycloak.models.KeycloakSession"},
            {"org.keycloak.protocol.oidc.refresh.AbstractRefreshTokenProvider", "createRefreshToken", "org.keycloak.representations.AccessToken",
                    "org.keycloak.representations.AccessToken$Confirmation", "java.lang.String"},
            {"org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext", "responseBuilder"},
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
