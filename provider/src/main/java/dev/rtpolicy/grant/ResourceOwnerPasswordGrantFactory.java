package dev.rtpolicy.grant;

/** Keycloak's {@code ResourceOwnerPasswordCredentialsGrantTypeFactory} under the refresh-token issuance policy. */
public final class ResourceOwnerPasswordGrantFactory extends IssuancePolicyGrantTypeFactory {

    public ResourceOwnerPasswordGrantFactory() {
        super(new org.keycloak.protocol.oidc.grants.ResourceOwnerPasswordCredentialsGrantTypeFactory());
    }
}
