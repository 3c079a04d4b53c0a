package dev.rtpolicy.grant;

import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessToken;

/**
 * A wrapped built-in grant on Keycloak 26.6: the grant methods 26.6 adds ({@code getTokenParameterNames} in 26.6.4,
 * {@code isTokenAllowed}) are the built-in's.
 */
abstract class LineGrantType extends LegacyGrantType {

    LineGrantType(OAuth2GrantType builtIn) {
        super(builtIn);
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
