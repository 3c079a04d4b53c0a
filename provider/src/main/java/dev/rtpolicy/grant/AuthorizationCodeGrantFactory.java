package dev.rtpolicy.grant;

/** Keycloak's {@code AuthorizationCodeGrantTypeFactory} under the refresh-token issuance policy. */
public final class AuthorizationCodeGrantFactory extends IssuancePolicyGrantTypeFactory {

    public AuthorizationCodeGrantFactory() {
        super(new org.keycloak.protocol.oidc.grants.AuthorizationCodeGrantTypeFactory());
    }
}
