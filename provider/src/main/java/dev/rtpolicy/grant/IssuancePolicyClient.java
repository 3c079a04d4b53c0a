package dev.rtpolicy.grant;

import org.keycloak.models.ClientModel;
import org.keycloak.models.delegate.ClientModelLazyDelegate;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;

/** A read view of a client whose refresh-token switches read "off"; used only as a grant's client configuration. */
final class IssuancePolicyClient extends ClientModelLazyDelegate {

    private IssuancePolicyClient(ClientModel client) {
        super(() -> client);
    }

    static ClientModel withoutRefreshTokens(ClientModel client) {
        return new IssuancePolicyClient(client);
    }

    @Override
    public String getAttribute(String name) {
        if (OIDCConfigAttributes.USE_REFRESH_TOKEN.equals(name) || OIDCConfigAttributes.USE_REFRESH_TOKEN_FOR_CLIENT_CREDENTIALS_GRANT.equals(name)) {
            return Boolean.FALSE.toString();
        }
        return super.getAttribute(name);
    }
}
