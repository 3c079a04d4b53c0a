package dev.rtpolicy.refresh;

import java.util.concurrent.TimeUnit;

import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.RefreshToken;

import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Whether the refresh grant would accept a refresh token now, for introspection (RFC 7662 §2.2: {@code active} means
 * the token can be used): only a family's current token, none of a client whose refresh-token grant is off, none of
 * an ended session. Each refusal is recorded on the introspection event.
 */
final class RefreshTokenActivity {

    private RefreshTokenActivity() {
    }

    static boolean isActive(KeycloakSession session, RealmModel realm, ClientModel client, UserSessionModel userSession, RefreshToken token,
                            EventBuilder event) {
        if (!RefreshTokenPolicySettings.forRequest(session, realm, client).refreshTokenGrant()) {
            return fail(event, "Client not allowed to use the refresh token grant");
        }
        AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(client.getId());
        if (clientSession == null) {
            return fail(event, "Session doesn't have required client");
        }
        if (StoredSession.isGhost(session, userSession, clientSession)) {
            return fail(event, RefreshFlow.SESSION_ENDED_DESCRIPTION);
        }
        String familyId = RefreshFlow.familyIdOf(token);
        long clientSessionStartedAt = TimeUnit.SECONDS.toMillis(clientSession.getStarted());
        RefreshTokenFamily family = RefreshTokenFamily.load(RefreshFlow.notesOf(clientSession), familyId, clientSessionStartedAt);
        long familyEnd = RefreshTokenExpiry.familyEndMillis(family == null ? clientSessionStartedAt : family.startedAtMillis(),
                RefreshTokenPolicySettings.forRequest(session, realm, client).authorizationLifetime());
        if (!RotationDecision.isCurrent(RefreshFlow.presented(token), family, Time.currentTimeMillis(),
                () -> StockReuseVerdict.honours(realm, clientSession, token), familyEnd)) {
            return fail(event, "Refresh token was rotated out or its family is unknown");
        }
        return true;
    }

    private static boolean fail(EventBuilder event, String reason) {
        event.detail(Details.REASON, reason);
        event.error(Errors.INVALID_TOKEN);
        return false;
    }
}
