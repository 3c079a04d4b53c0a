package dev.rtpolicy.metadata;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;

/** Keycloak's metadata document for {@code alias}, with the expiration types this extension supports. */
final class ExpirationMetadata implements WellKnownProvider {

    static final String TYPES_SUPPORTED = "refresh_token_expiration_types_supported";
    /** draft-ietf-oauth-refresh-token-expiration-02: both parameters are sent ({@code refresh_token_timeout}, {@code authorization_expires_in}). */
    static final List<String> TYPES = List.of("token_timeout", "authorization");

    private final KeycloakSession session;
    private final String alias;

    ExpirationMetadata(KeycloakSession session, String alias) {
        this.session = session;
        this.alias = alias;
    }

    @Override
    public Object getConfig() {
        // Keycloak's factory for the alias has the alias as its id.
        Object config = session.getProvider(WellKnownProvider.class, alias).getConfig();
        if (config instanceof OIDCConfigurationRepresentation metadata) {
            metadata.setOtherClaims(TYPES_SUPPORTED, TYPES);
        }
        return config;
    }

    @Override
    public void close() {
    }
}
