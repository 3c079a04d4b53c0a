package dev.rtpolicy.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * The internal Keycloak classes and methods the extension calls or overrides. Checked by reflection at start-up, so
 * that a Keycloak without them fails to start with one clear message instead of failing at request time.
 */
final class RequiredHooks {

    private static final String[][] METHODS = {
            {"org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider", "generateRefreshToken", "org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext"},
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

    private RequiredHooks() {
    }

    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String[] hook : METHODS) {
            if (!exists(hook)) {
                missing.add(hook[0].substring(hook[0].lastIndexOf('.') + 1) + "." + hook[1] + "()");
            }
        }
        return missing;
    }

    private static boolean exists(String[] hook) {
        try {
            ClassLoader loader = RequiredHooks.class.getClassLoader();
            Class<?> type = Class.forName(hook[0], false, loader);
            Class<?>[] parameters = new Class<?>[hook.length - 2];
            for (int i = 2; i < hook.length; i++) {
                parameters[i - 2] = hook[i].equals("long") ? long.class : Class.forName(hook[i], false, loader);
            }
            type.getDeclaredMethod(hook[1], parameters);
            return true;
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return false;
        }
    }
}
