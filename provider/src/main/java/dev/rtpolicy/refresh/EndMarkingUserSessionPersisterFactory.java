package dev.rtpolicy.refresh;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.session.JpaUserSessionPersisterProviderFactory;
import org.keycloak.models.session.UserSessionPersisterProvider;

/**
 * Takes the place of Keycloak's {@code jpa} session persister (same id, higher order: Keycloak keeps the factory of
 * the higher order) with {@link EndMarkingUserSessionPersister}. Its configuration stays Keycloak's
 * ({@code --spi-user-sessions-persister--jpa--expiration-batch} on 26.5 and later).
 */
public final class EndMarkingUserSessionPersisterFactory extends JpaUserSessionPersisterProviderFactory {

    /** {@code JpaUserSessionPersisterProviderFactory}'s option and default since 26.5 (26.4 has neither). */
    private static final String EXPIRATION_BATCH = "expirationBatch";
    private static final int DEFAULT_EXPIRATION_BATCH = 512;

    private int expirationBatch = DEFAULT_EXPIRATION_BATCH;

    @Override
    public UserSessionPersisterProvider create(KeycloakSession session) {
        return new EndMarkingUserSessionPersister(session, session.getProvider(JpaConnectionProvider.class).getEntityManager(), expirationBatch);
    }

    @Override
    public void init(Config.Scope config) {
        super.init(config);
        expirationBatch = Math.max(1, config.getInt(EXPIRATION_BATCH, DEFAULT_EXPIRATION_BATCH));
    }

    @Override
    public int order() {
        return super.order() + 1;
    }
}
