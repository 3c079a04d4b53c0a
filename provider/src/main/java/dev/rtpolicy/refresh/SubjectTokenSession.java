package dev.rtpolicy.refresh;

import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
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
 * Nothing is decided here: the token is only read for its session id, its signature is Keycloak's to verify, and
 * only a session whose database rows are gone is removed.
 */
public final class SubjectTokenSession {

    private SubjectTokenSession() {
    }

    public static void removeGhost(KeycloakSession session, RealmModel realm, String subjectToken) {
        AccessToken token = parse(subjectToken);
        if (token == null || token.getSessionId() == null) {
            return;
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, token.getSessionId());
        if (userSession == null) {
            userSession = session.sessions().getOfflineUserSession(realm, token.getSessionId());
        }
        if (userSession == null) {
            return;
        }
        ClientModel client = token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
        StoredSession.isGhost(session, userSession, client == null ? null : userSession.getAuthenticatedClientSessionByClient(client.getId()));
    }

    /** The subject token's claims, or null for anything that is not a signed JWT (Keycloak answers those itself). */
    private static AccessToken parse(String subjectToken) {
        if (subjectToken == null) {
            return null;
        }
        try {
            return new JWSInput(subjectToken).readJsonContent(AccessToken.class);
        } catch (JWSInputException | RuntimeException notAJws) {
            return null;
        }
    }
}
