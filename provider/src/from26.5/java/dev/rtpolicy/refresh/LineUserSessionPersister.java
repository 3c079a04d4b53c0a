package dev.rtpolicy.refresh;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider;

/** The session persister of 26.5 and later, whose constructor takes the expiration batch. */
class LineUserSessionPersister extends JpaUserSessionPersisterProvider {

    LineUserSessionPersister(KeycloakSession session, EntityManager em, int expirationBatch) {
        super(session, em, expirationBatch);
    }
}
