package dev.rtpolicy.ops;

/**
 * The Keycloak methods the refresh-token SPI adapter (26.7 and newer) calls or overrides: see {@link RequiredHooks}.
 */
final class AdapterHooks {

    static final String[][] METHODS = {
            {"org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider", "generateRefreshToken", "org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext"},
            {"org.keycloak.protocol.oidc.refresh.AbstractRefreshTokenProvider", "refreshAccessToken", "org.keycloak.protocol.oidc.refresh.RefreshTokenContext"},
            {"org.keycloak.protocol.oidc.refresh.RefreshTokenContext", "oldRefreshToken"},
            {"org.keycloak.protocol.oidc.refresh.RefreshTokenContext", "scopeParameter"},
            {"org.keycloak.protocol.oidc.TokenManager", "validateToken", "org.keycloak.models.KeycloakSession", "jakarta.ws.rs.core.UriInfo",
                    "org.keycloak.common.ClientConnection", "org.keycloak.models.RealmModel", "org.keycloak.representations.RefreshToken",
                    "jakarta.ws.rs.core.HttpHeaders", "java.lang.String"},
            {"org.keycloak.protocol.oidc.refresh.AbstractRefreshTokenProvider", "createRefreshToken", "org.keycloak.representations.AccessToken",
                    "org.keycloak.representations.AccessToken$Confirmation", "java.lang.String"},
            {"org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext", "responseBuilder"},
    };

    private AdapterHooks() {
    }
}
