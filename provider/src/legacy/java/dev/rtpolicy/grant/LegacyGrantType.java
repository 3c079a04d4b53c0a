package dev.rtpolicy.grant;

import jakarta.ws.rs.core.Response;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;

import dev.rtpolicy.refresh.PolicyTokenManager;

/**
 * A wrapped built-in grant on the lines without the refresh-token SPI (26.4 to 26.6): the built-in grant runs on a
 * copy of the request's context whose token manager is {@link PolicyTokenManager}, so every refresh and every minting
 * of a refresh token that grant does runs the policy. Everything else in the context is the request's own.
 */
abstract class LegacyGrantType implements OAuth2GrantType {

    protected final OAuth2GrantType builtIn;

    LegacyGrantType(OAuth2GrantType builtIn) {
        this.builtIn = builtIn;
    }

    final Response processBuiltIn(Context context) {
        Context underPolicy = new Context(context.getSession(), context.getClientConfig(), context.getClientAuthAttributes(), context.getFormParams(),
                context.getEvent(), context.getCors(), new PolicyTokenManager());
        underPolicy.setClient(context.getClient());
        return builtIn.process(underPolicy);
    }
}
