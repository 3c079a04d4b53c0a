package dev.rtpolicy.refresh;

import jakarta.persistence.EntityManager;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider;

/** 26.4's session persister, whose constructor has no expiration batch (26.5 added it). */
class LineUserSessionPersister extends JpaUserSessionPersisterProvider {

    LineUserSessionPersister(KeycloakSession session, EntityManager em, int expirationBatch) {
        super(session, em);
    }
}
