package dev.rtpolicy.grant;

import org.keycloak.protocol.oidc.grants.OAuth2GrantType.Context;

import dev.rtpolicy.refresh.PolicyTokenManager;

/**
 * Lines without the refresh-token SPI (26.4 to 26.6): a copy of the request's grant context whose token manager is
 * {@link PolicyTokenManager}, so every refresh and every minting of a refresh token a built-in grant does runs the
 * policy. Everything else in the context is the request's own.
 */
final class PolicyContexts {

    private PolicyContexts() {
    }

    static Context underPolicy(Context context) {
        Context underPolicy = new Context(context.getSession(), context.getClientConfig(), context.getClientAuthAttributes(), context.getFormParams(),
                context.getEvent(), context.getCors(), new PolicyTokenManager());
        underPolicy.setClient(context.getClient());
        return underPolicy;
    }
}
