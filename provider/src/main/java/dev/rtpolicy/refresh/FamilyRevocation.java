package dev.rtpolicy.refresh;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

import dev.rtpolicy.ops.PolicyMetrics;
import dev.rtpolicy.settings.RevocationTrigger;

/**
 * Revokes every refresh-token family of a user, online and offline, across all clients: their notes are removed, so
 * each of their tokens is then of a family its client session does not know ({@code invalid_grant}). User sessions
 * and access tokens stay; only the refresh tokens end. Each user session is taken under its refresh lock, as every
 * session end is, so a refresh in flight cannot write a family back.
 */
final class FamilyRevocation {

    static final String DETAIL_TRIGGER = "revoke_trigger";
    static final String DETAIL_FAMILIES_REVOKED = "refresh_token_families_revoked";
    private static final Logger logger = Logger.getLogger(FamilyRevocation.class);

    private FamilyRevocation() {
    }

    /**
     * @param keptUserSessionId the (online) user session whose families stay: the one in which the user made the change
     *                          themselves; {@code null} for none
     * @return how many families were revoked; an event and the metric only when there were any
     */
    static int revoke(KeycloakSession session, RealmModel realm, UserModel user, RevocationTrigger trigger, String keptUserSessionId) {
        List<UserSessionModel> userSessions = Stream.concat(session.sessions().getUserSessionsStream(realm, user),
                session.sessions().getOfflineUserSessionsStream(realm, user)).toList();
        // An offline grant's family is noted in its online and its offline client session: count each family once.
        Set<String> revoked = new HashSet<>();
        for (UserSessionModel userSession : userSessions) {
            if (!userSession.isOffline() && userSession.getId().equals(keptUserSessionId)) {
                continue;
            }
            if (!UserSessionRefreshLock.tryAcquire(session, userSession.getId())) {
                logger.warnf("Refresh-token revocation on %s in realm %s went ahead without the refresh lock", trigger.value(), realm.getName());
            }
            for (AuthenticatedClientSessionModel clientSession : userSession.getAuthenticatedClientSessions().values()) {
                for (Map.Entry<String, String> note : List.copyOf(clientSession.getNotes().entrySet())) {
                    if (note.getKey().startsWith(RefreshTokenFamily.NOTE_PREFIX)) {
                        FamilyNotes.remove(clientSession, note.getKey());
                        if (!FamilyNotes.DROPPED.equals(note.getValue())) {
                            revoked.add(note.getKey());
                        }
                    }
                }
            }
        }
        if (revoked.isEmpty()) {
            // Nothing to report: e.g. a lock-out, which Keycloak announces as temporary and permanent at once.
            return 0;
        }
        new EventBuilder(realm, session).event(EventType.REVOKE_GRANT).user(user)
                .detail(Details.REASON, "Refresh tokens revoked on " + trigger.value())
                .detail(DETAIL_TRIGGER, trigger.value())
                .detail(DETAIL_FAMILIES_REVOKED, Integer.toString(revoked.size()))
                .success();
        PolicyMetrics.familiesRevoked(realm.getName(), trigger.value(), revoked.size());
        logger.debugf("Revoked %d refresh-token families of a user in realm %s on %s", revoked.size(), realm.getName(), trigger.value());
        return revoked.size();
    }
}
