package dev.rtpolicy.grant;

/** Keycloak's {@code ClientCredentialsGrantTypeFactory} under the refresh-token issuance policy. */
public final class ClientCredentialsGrantFactory extends IssuancePolicyGrantTypeFactory {

    public ClientCredentialsGrantFactory() {
        super(new org.keycloak.protocol.oidc.grants.ClientCredentialsGrantTypeFactory());
    }
}
