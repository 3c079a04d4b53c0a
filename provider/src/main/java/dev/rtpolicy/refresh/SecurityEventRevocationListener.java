package dev.rtpolicy.refresh;

import java.util.Optional;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.rtpolicy.settings.RefreshTokenPolicySettings;
import dev.rtpolicy.settings.RevocationTrigger;

/**
 * {@code revokeRefreshTokensOn}: on the realm's chosen security events, revokes every refresh-token family of the
 * affected user (RFC 9700 §4.14.2). Keycloak sends these events inside the request that made the change, before its
 * commit, so the revocation commits with the change.
 */
final class SecurityEventRevocationListener implements EventListenerProvider {

    private final KeycloakSession session;

    SecurityEventRevocationListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getError() != null || event.getUserId() == null) {
            return;
        }
        Optional<RevocationTrigger> trigger = SecurityEvents.ofUserEvent(event.getType(), event.getDetails());
        if (trigger.isEmpty()) {
            return;
        }
        // The user's own password change keeps the session it was made in; an admin's or a lock-out keeps none.
        String kept = trigger.get() == RevocationTrigger.PASSWORD_CHANGE ? changingSession(event) : null;
        revoke(event.getRealmId(), event.getUserId(), trigger.get(), kept);
    }

    /**
     * The user session a change was made in. A required action's event names none; its browser's authentication
     * session belongs to the root authentication session whose id Keycloak gives the user session.
     */
    private String changingSession(Event event) {
        if (event.getSessionId() != null) {
            return event.getSessionId();
        }
        AuthenticationSessionModel authenticationSession = session.getContext().getAuthenticationSession();
        return authenticationSession == null ? null : authenticationSession.getParentSession().getId();
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getError() != null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        Optional<RevocationTrigger> trigger = SecurityEvents.ofAdminEvent(event.getResourceType(), event.getOperationType(), event.getResourcePath(),
                () -> {
                    UserModel user = realm == null ? null : session.users().getUserById(realm, SecurityEvents.userIdOf(event.getResourcePath()));
                    return user == null || user.isEnabled();
                });
        trigger.ifPresent(t -> revoke(event.getRealmId(), SecurityEvents.userIdOf(event.getResourcePath()), t, null));
    }

    private void revoke(String realmId, String userId, RevocationTrigger trigger, String keptUserSessionId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || !RefreshTokenPolicySettings.of(realm).revokesOn(trigger)) {
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        FamilyRevocation.revoke(session, realm, user, trigger, keptUserSessionId);
    }

    @Override
    public void close() {
    }
}
