package dev.rtpolicy.refresh;

import java.util.concurrent.TimeUnit;

import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.RefreshTokenIntrospectionProvider;

import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * RFC 7662 introspection of refresh tokens ({@code token_type_hint=refresh_token}) that agrees with the refresh
 * grant: only a family's current token is active (a rotated-out one is not, even inside the grace window), and none
 * of a client whose refresh-token grant is off. A token issued before installation is active while stock Keycloak
 * would honour it ({@link StockReuseVerdict}).
 */
final class PolicyRefreshTokenIntrospectionProvider extends RefreshTokenIntrospectionProvider {

    PolicyRefreshTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    /** RFC 7662 §2.2: {@code active} means the token can be used, so every refusal of the refresh grant applies here. */
    @Override
    protected boolean verifyTokenReuse() {
        if (!RefreshTokenPolicySettings.forRequest(session, realm, client).refreshTokenGrant()) {
            return fail("Client not allowed to use the refresh token grant");
        }
        AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(client.getId());
        if (clientSession == null) {
            return fail("Session doesn't have required client");
        }
        if (StoredSession.isGhost(session, userSession, clientSession)) {
            return fail(RefreshFlow.SESSION_ENDED_DESCRIPTION);
        }
        String familyId = RefreshFlow.familyIdOf(token);
        long clientSessionStartedAt = TimeUnit.SECONDS.toMillis(clientSession.getStarted());
        RefreshTokenFamily family = RefreshTokenFamily.load(RefreshFlow.notesOf(clientSession), familyId, clientSessionStartedAt);
        long familyEnd = RefreshTokenExpiry.familyEndMillis(family == null ? clientSessionStartedAt : family.startedAtMillis(),
                RefreshTokenPolicySettings.forRequest(session, realm, client).authorizationLifetime());
        if (!RotationDecision.isCurrent(RefreshFlow.presented(token), family, Time.currentTimeMillis(),
                () -> StockReuseVerdict.honours(realm, clientSession, token), familyEnd)) {
            return fail("Refresh token was rotated out or its family is unknown");
        }
        return true;
    }

    private boolean fail(String reason) {
        eventBuilder.detail(Details.REASON, reason);
        eventBuilder.error(Errors.INVALID_TOKEN);
        return false;
    }
}
