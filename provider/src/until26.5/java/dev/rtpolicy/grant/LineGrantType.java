package dev.rtpolicy.grant;

import org.keycloak.protocol.oidc.grants.OAuth2GrantType;

/** A wrapped built-in grant on Keycloak 26.4 and 26.5: their grant interface has no methods beyond the legacy wrapper's. */
abstract class LineGrantType extends LegacyGrantType {

    LineGrantType(OAuth2GrantType builtIn) {
        super(builtIn);
    }
}
