package dev.rtpolicy.grant;

import java.util.Set;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessToken;

/**
 * A wrapped built-in grant on Keycloak 26.6, which has no refresh-token SPI: the built-in grant runs on a copy of
 * the request's context whose token manager is the policy's ({@link PolicyContexts}); the grant methods 26.6 adds
 * ({@code getTokenParameterNames} in 26.6.4, {@code isTokenAllowed}) are the built-in's.
 */
abstract class LineGrantType implements OAuth2GrantType {

    protected final OAuth2GrantType builtIn;

    LineGrantType(OAuth2GrantType builtIn) {
        this.builtIn = builtIn;
    }

    final Response processBuiltIn(Context context) {
        return builtIn.process(PolicyContexts.underPolicy(context));
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return builtIn.getTokenParameterNames();
    }

    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return builtIn.isTokenAllowed(session, token);
    }
}
