package dev.rtpolicy.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rtpolicy.it.support.OAuthClient;
import dev.rtpolicy.it.support.ServerTestBase;

import static dev.rtpolicy.it.support.OAuthAssertions.assertOAuthError;
import static dev.rtpolicy.it.support.OAuthAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * docs/security.md, security considerations: "A grace window reopens nothing once the successor has been used". That holds
 * when the admin turns rotation off inside the window too: the successor is then used without being rotated.
 */
class GraceWindowRotationSwitchIT extends ServerTestBase {

    private String realm;
    private OAuthClient myClient;

    @BeforeEach
    void freshRealm() {
        realm = admin.createRealm("hostile-review.json");
        myClient = new OAuthClient(server, realm, "myClient", "forgerock");
    }

    @Test
    void refreshWhenSuccessorUsedAfterRotationTurnedOffThenRetiredTokenIsReuse() {
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 300, \"reuseResponse\": \"reject-only\"}");
        String retired = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();
        String successor = ok(myClient.refresh(retired, null)).get("refresh_token").asText();
        admin.setPolicy(realm, "{\"issueRefreshTokensOnRefresh\": false}");

        // the legitimate client uses its successor: no rotation now, but the successor has been used
        assertFalse(ok(myClient.refresh(successor, null)).has("refresh_token"));

        // a replay of the retired token inside the grace window is reuse, as it is with rotation on
        assertOAuthError(400, "invalid_grant", myClient.refresh(retired, null));
        assertEquals("Refresh token reuse detected", myClient.refresh(retired, null).json().get("error_description").asText());
        assertFalse(ok(myClient.introspect(retired, "refresh_token")).get("active").asBoolean());
        // reject-only: the successor keeps working
        ok(myClient.refresh(successor, null));
    }

    @Test
    void refreshWhenRetiredTokenRetriedAfterRotationTurnedOffAndSuccessorUnusedThenServed() {
        admin.setPolicy(realm, "{\"reuseGracePeriod\": 300}");
        String retired = ok(myClient.password("alice", "alice-password", null)).get("refresh_token").asText();
        String successor = ok(myClient.refresh(retired, null)).get("refresh_token").asText();
        admin.setPolicy(realm, "{\"issueRefreshTokensOnRefresh\": false}");

        // a lost response retried while the successor was never used stays a grace retry (served, nothing rotated)
        assertFalse(ok(myClient.refresh(retired, null)).has("refresh_token"));
        ok(myClient.refresh(successor, null));
    }
}
