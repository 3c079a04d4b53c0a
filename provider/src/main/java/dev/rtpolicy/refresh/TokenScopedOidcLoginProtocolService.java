package dev.rtpolicy.refresh;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.endpoints.UserInfoEndpoint;

/**
 * Keycloak's OIDC endpoints; userinfo computes claims from the scopes its bearer token names
 * ({@link TokenScopedTokenManager}, one per generation of Keycloak's userinfo transform).
 */
public final class TokenScopedOidcLoginProtocolService extends OIDCLoginProtocolService {

    private final KeycloakSession session;

    TokenScopedOidcLoginProtocolService(KeycloakSession session, EventBuilder event) {
        super(session, event);
        this.session = session;
    }

    @Override
    public Object issueUserInfo() {
        return new UserInfoEndpoint(session, new TokenScopedTokenManager());
    }
}
