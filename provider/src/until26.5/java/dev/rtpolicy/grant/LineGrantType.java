package dev.rtpolicy.grant;

import jakarta.ws.rs.core.Response;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;

/**
 * A wrapped built-in grant on Keycloak 26.4 and 26.5, which have no refresh-token SPI: the built-in grant runs on a copy of
 * the request's context whose token manager is the policy's ({@link PolicyContexts}).
 */
abstract class LineGrantType implements OAuth2GrantType {

    protected final OAuth2GrantType builtIn;

    LineGrantType(OAuth2GrantType builtIn) {
        this.builtIn = builtIn;
    }

    final Response processBuiltIn(Context context) {
        return builtIn.process(PolicyContexts.underPolicy(context));
    }
}
