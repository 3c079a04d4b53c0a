package dev.rtpolicy.refresh;

import org.keycloak.authorization.protection.introspect.RPTIntrospectionProvider;
import org.keycloak.authorization.protection.introspect.RPTIntrospectionProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

/**
 * Replaces Keycloak's {@code requesting_party_token} introspection provider (same id, higher order): any access
 * token can be introspected with that hint, so a token of a session that has ended must be inactive there too.
 */
public final class PolicyRptIntrospectionProviderFactory extends RPTIntrospectionProviderFactory {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new RPTIntrospectionProvider(session) {
            @Override
            protected boolean verifyTokenReuse() {
                return !StoredSession.refusesIntrospection(session, userSession, client, eventBuilder) && super.verifyTokenReuse();
            }
        };
    }

    @Override
    public int order() {
        return 1;
    }
}
