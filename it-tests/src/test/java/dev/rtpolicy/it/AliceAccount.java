package dev.rtpolicy.it;

import dev.rtpolicy.it.support.Admin;
import dev.rtpolicy.it.support.Http;
import dev.rtpolicy.it.support.KeycloakServer;
import dev.rtpolicy.it.support.OAuthClient;

import static dev.rtpolicy.it.support.OAuthAssertions.ok;

/**
 * Alice's consent to {@code myClient} through Keycloak's account REST API, as the account console gives and revokes
 * it, in the session-end realms ({@code session-end.json}, {@code ghost-session.json}: client {@code accountUser}).
 */
final class AliceAccount {

    private final Http http = Http.plain();
    private final KeycloakServer server;
    private final String realm;

    AliceAccount(KeycloakServer server, String realm) {
        this.server = server;
        this.realm = realm;
    }

    void grantConsent() {
        Admin.expect(200, http.sendJson("POST", consentUrl(), accountToken(), "{\"grantedScopes\": []}"));
    }

    Http.Response revokeConsent() {
        return http.delete(consentUrl(), accountToken());
    }

    private String consentUrl() {
        return server.baseUrl() + "/realms/" + realm + "/account/v1alpha1/applications/myClient/consent";
    }

    /** An access token of alice for the account REST API, from a session of its own. */
    private String accountToken() {
        return ok(new OAuthClient(server, realm, "accountUser", "account-secret").password("alice", "alice-password", null))
                .get("access_token").asText();
    }
}
