package dev.rtpolicy.refresh;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocolFactory;

/**
 * Keycloak's {@code openid-connect} protocol (same id, next order, non-Keycloak package) with one change: the
 * userinfo endpoint reads a token's claims from the scopes the token names (see
 * {@link NarrowedClientSessionContext#ofToken}), so userinfo follows a refresh that narrowed the scope. Everything
 * else is Keycloak's own factory and endpoint.
 */
public final class TokenScopedOidcLoginProtocolFactory extends OIDCLoginProtocolFactory {

    @Override
    public Object createProtocolEndpoint(KeycloakSession session, EventBuilder event) {
        return new TokenScopedOidcLoginProtocolService(session, event);
    }

    /** Only ever compared with the built-in factory of the same id; the console orders protocols by it too. */
    @Override
    public int order() {
        return super.order() + 1;
    }
}
