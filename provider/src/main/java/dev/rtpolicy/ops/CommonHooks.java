package dev.rtpolicy.ops;

/** The Keycloak methods the extension calls or overrides on every line: see {@link RequiredHooks}. */
final class CommonHooks {

    static final String[][] METHODS = {
            {"org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder", "generateRefreshToken"},
            {"org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder", "generateRefreshToken", "org.keycloak.representations.RefreshToken",
                    "org.keycloak.models.AuthenticatedClientSessionModel"},
            {"org.keycloak.services.util.DefaultClientSessionContext", "fromClientSessionAndScopeParameter", "org.keycloak.models.AuthenticatedClientSessionModel",
                    "java.lang.String", "org.keycloak.models.KeycloakSession"},
            {"org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider", "transformAccessToken", "org.keycloak.representations.AccessToken",
                    "org.keycloak.models.UserSessionModel"},
            {"org.keycloak.protocol.oidc.OIDCLoginProtocolService", "issueUserInfo"},
            {"org.keycloak.protocol.oidc.grants.OAuth2GrantType$Context", "setClientConfig", "java.lang.Object"},
            {"org.keycloak.protocol.oidc.grants.OAuth2GrantType$Context", "setFormParams", "jakarta.ws.rs.core.MultivaluedHashMap"},
            {"org.keycloak.protocol.oidc.grants.PermissionGrantTypeFactory", "create", "org.keycloak.models.KeycloakSession"},
            {"org.keycloak.protocol.oidc.RefreshTokenIntrospectionProvider", "verifyTokenReuse"},
            {"org.keycloak.models.SingleUseObjectProvider", "putIfAbsent", "java.lang.String", "long"},
            {"org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider", "removeUserSession", "java.lang.String", "boolean"},
            {"org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider", "removeClientSession", "java.lang.String", "java.lang.String", "boolean"},
            {"org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider", "removeUserSessions", "org.keycloak.models.RealmModel", "boolean"},
            {"org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider", "removeUserSessions", "org.keycloak.models.RealmModel"},
            {"org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider", "onClientRemoved", "org.keycloak.models.RealmModel",
                    "org.keycloak.models.ClientModel"},
            {"org.keycloak.services.clientregistration.AbstractClientRegistrationProvider", "create",
                    "org.keycloak.services.clientregistration.ClientRegistrationContext"},
            {"org.keycloak.services.clientregistration.AbstractClientRegistrationProvider", "update", "java.lang.String",
                    "org.keycloak.services.clientregistration.ClientRegistrationContext"},
    };

    private CommonHooks() {
    }
}
