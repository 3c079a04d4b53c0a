package dev.rtpolicy.refresh;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * A token exchange's {@code subject_token} is accepted by Keycloak while its session is found in the cache, so a
 * session that has ended but was re-imported into the cache (a ghost, {@link StoredSession}) would still be exchanged
 * for fresh tokens. Before the exchange runs, a ghost behind the subject token is removed from the cache; Keycloak's
 * own check of the subject token then finds no session and refuses it as it refuses any ended session's token.
 * Only a token this realm signed and that has not expired is looked at: a forged one names any session it likes, and
 * a client session that a login is committing right now has its cache entry a moment before its row. Nothing is
 * decided here; Keycloak's exchange checks the token itself.
 */
public final class SubjectTokenSession {

    private SubjectTokenSession() {
    }

    public static void removeGhost(KeycloakSession session, RealmModel realm, String subjectToken) {
        AccessToken token = session.tokens().decode(subjectToken, AccessToken.class);
        if (token == null || !token.isActive() || token.getSessionId() == null) {
            return;
        }
        ClientModel client = token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
        // an offline session has its online session's id, and the token says which one only in its encoded jti
        removeGhost(session, session.sessions().getUserSession(realm, token.getSessionId()), client);
        removeGhost(session, session.sessions().getOfflineUserSession(realm, token.getSessionId()), client);
    }

    private static void removeGhost(KeycloakSession session, UserSessionModel userSession, ClientModel client) {
        if (userSession != null) {
            StoredSession.isGhost(session, userSession, client == null ? null : userSession.getAuthenticatedClientSessionByClient(client.getId()));
        }
    }
}
