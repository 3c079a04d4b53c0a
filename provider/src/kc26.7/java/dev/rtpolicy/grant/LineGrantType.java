package dev.rtpolicy.grant;

import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * A wrapped built-in grant on Keycloak 26.7: the grant's own methods of this line are the built-in's, and the
 * built-in grant runs on the request's context as it is (the policy runs in the {@code refresh-token} SPI).
 */
abstract class LineGrantType implements OAuth2GrantType {

    protected final OAuth2GrantType builtIn;

    LineGrantType(OAuth2GrantType builtIn) {
        this.builtIn = builtIn;
    }

    final Response processBuiltIn(Context context) {
        return builtIn.process(context);
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return builtIn.getTokenParameterNames();
    }

    @Override
    public void preProcess(KeycloakSession session, MultivaluedMap<String, String> formParams) throws ClientPolicyException {
        builtIn.preProcess(session, formParams);
    }

    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return builtIn.isTokenAllowed(session, token);
    }
}
