package dev.rtpolicy.it;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.KeycloakLine;
import dev.rtpolicy.it.support.Jwt;
import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extension replaces Keycloak's {@code openid-connect} protocol factory to change userinfo only. Every other
 * endpoint of the protocol (and the discovery document pointing at them) answers as Keycloak's own does.
 */
class OidcEndpointsIT extends ServerTestBase {

    private final Http http = Http.plain();
    private String realm;
    private String realmUrl;
    private OAuthClient myClient;

    @BeforeEach
    void freshRealm() {
        realm = admin.createRealm("oidc-endpoints.json");
        realmUrl = server.baseUrl() + "/realms/" + realm;
        myClient = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void discoveryWhenExtensionInstalledThenEndpointsAreKeycloaksOwn() {
        JsonNode wellKnown = ok(http.get(realmUrl + "/.well-known/openid-configuration", null));

        String protocol = realmUrl + "/protocol/openid-connect";
        assertEquals(realmUrl, wellKnown.get("issuer").asText());
        assertEquals(protocol + "/auth", wellKnown.get("authorization_endpoint").asText());
        assertEquals(protocol + "/token", wellKnown.get("token_endpoint").asText());
        assertEquals(protocol + "/userinfo", wellKnown.get("userinfo_endpoint").asText());
        assertEquals(protocol + "/logout", wellKnown.get("end_session_endpoint").asText());
        assertEquals(protocol + "/certs", wellKnown.get("jwks_uri").asText());
        assertEquals(protocol + "/revoke", wellKnown.get("revocation_endpoint").asText());
        assertEquals(protocol + "/token/introspect", wellKnown.get("introspection_endpoint").asText());
        assertEquals(protocol + "/auth/device", wellKnown.get("device_authorization_endpoint").asText());
        assertEquals(protocol + "/ext/ciba/auth", wellKnown.get("backchannel_authentication_endpoint").asText());
        assertEquals(protocol + "/ext/par/request", wellKnown.get("pushed_authorization_request_endpoint").asText());
        assertEquals(realmUrl + "/clients-registrations/openid-connect", wellKnown.get("registration_endpoint").asText());
        assertTrue(wellKnown.get("grant_types_supported").toString().contains("refresh_token"));
    }

    @Test
    void certsAuthIframesWhenRequestedThenServedAsKeycloakServesThem() {
        JsonNode certs = ok(http.get(realmUrl + "/protocol/openid-connect/certs", null));
        assertFalse(certs.get("keys").isEmpty(), certs.toString());

        Http.Response login = http.get(realmUrl + "/protocol/openid-connect/auth?client_id=myClient&response_type=code&scope=openid"
                + "&redirect_uri=" + OAuthClient.REDIRECT_URI, null);
        assertEquals(200, login.status());
        assertTrue(login.body().contains("kc-form-login"), "the login form");

        Http.Response unknownClient = http.get(realmUrl + "/protocol/openid-connect/auth?client_id=nobody&response_type=code"
                + "&redirect_uri=" + OAuthClient.REDIRECT_URI, null);
        assertEquals(400, unknownClient.status());

        assertEquals(200, http.get(realmUrl + "/protocol/openid-connect/login-status-iframe.html", null).status());
        assertEquals(200, http.get(realmUrl + "/protocol/openid-connect/3p-cookies/step1.html", null).status());
    }

    @Test
    void userinfoLogoutRevokeWhenCalledThenKeycloaksAnswers() {
        JsonNode tokens = ok(myClient.password("alice", "alice-password", "openid"));
        String accessToken = tokens.get("access_token").asText();

        JsonNode userinfo = ok(http.get(realmUrl + "/protocol/openid-connect/userinfo", accessToken));
        assertEquals(Jwt.claims(accessToken).get("sub"), userinfo.get("sub"));
        assertEquals("alice@example.org", userinfo.get("email").asText());
        assertEquals(401, http.get(realmUrl + "/protocol/openid-connect/userinfo", null).status());

        // RP-initiated back-channel logout with the refresh token (Keycloak's own form)
        Http.Response logout = http.postForm(realmUrl + "/protocol/openid-connect/logout",
                Http.form("client_id", "myClient", "client_secret", "forgerock", "refresh_token", tokens.get("refresh_token").asText()));
        assertEquals(204, logout.status(), logout.body());
        assertOAuthError(400, "invalid_grant", myClient.refresh(tokens.get("refresh_token").asText(), null));
        assertEquals(401, http.get(realmUrl + "/protocol/openid-connect/userinfo", accessToken).status());

        JsonNode other = ok(myClient.password("alice", "alice-password", "openid"));
        assertEquals(200, myClient.revoke(other.get("refresh_token").asText(), "refresh_token").status());
        assertOAuthError(400, "invalid_grant", myClient.refresh(other.get("refresh_token").asText(), null));
    }

    @Test
    void deviceParCibaRegistrationWhenCalledThenKeycloaksAnswers() {
        JsonNode device = ok(http.postForm(realmUrl + "/protocol/openid-connect/auth/device",
                Http.form("client_id", "myClient", "client_secret", "forgerock", "scope", "openid")));
        assertTrue(device.has("device_code") && device.has("user_code"), device.toString());

        Http.Response par = http.postForm(realmUrl + "/protocol/openid-connect/ext/par/request",
                Http.form("client_id", "myClient", "client_secret", "forgerock", "response_type", "code", "redirect_uri", OAuthClient.REDIRECT_URI));
        assertEquals(201, par.status(), par.body());
        assertTrue(par.json().get("request_uri").asText().startsWith("urn:ietf:params:oauth:request_uri:"), par.body());

        // CIBA is not enabled for this client: Keycloak's own refusal (26.7.3 answers it with 401 invalid_grant)
        Http.Response ciba = http.postForm(realmUrl + "/protocol/openid-connect/ext/ciba/auth",
                Http.form("client_id", "myClient", "client_secret", "forgerock", "login_hint", "alice", "scope", "openid"));
        assertOAuthError(401, "invalid_grant", ciba);
        assertEquals("Client not allowed OIDC CIBA Grant", ciba.json().get("error_description").asText());

        String initialAccess = Admin.expect(KeycloakLine.initialAccessCreatedStatus(), admin.post("/" + realm + "/clients-initial-access", "{\"count\": 1, \"expiration\": 300}"))
                .json().get("token").asText();
        Http.Response registered = http.sendJson("POST", realmUrl + "/clients-registrations/openid-connect", initialAccess,
                "{\"redirect_uris\": [\"" + OAuthClient.REDIRECT_URI + "\"], \"grant_types\": [\"authorization_code\", \"refresh_token\"]}");
        assertEquals(201, registered.status(), registered.body());
        assertTrue(List.of(registered.json().get("grant_types").toString()).get(0).contains("refresh_token"), registered.body());
    }
}
