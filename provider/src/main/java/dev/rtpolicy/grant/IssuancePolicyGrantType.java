package dev.rtpolicy.grant;

import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.clientpolicy.ClientPolicyException;

import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Runs a built-in grant with the client configuration it reads its refresh-token decision from replaced by
 * {@link IssuancePolicyClient}, so the realm's "Issue Refresh Tokens" switch decides before any refresh token (or
 * offline session) is created. The grant itself is unchanged.
 */
final class IssuancePolicyGrantType implements OAuth2GrantType {

    private final OAuth2GrantType builtIn;

    IssuancePolicyGrantType(OAuth2GrantType builtIn) {
        this.builtIn = builtIn;
    }

    @Override
    public Response process(Context context) {
        if (context.getClient() != null) {
            RefreshTokenPolicySettings settings = RefreshTokenPolicySettings.of(context.getRealm(), context.getClient());
            if (!settings.realmIssuesRefreshTokens()) {
                context.setClientConfig(OIDCAdvancedConfigWrapper.fromClientModel(IssuancePolicyClient.withoutRefreshTokens(context.getClient())));
            }
        }
        return builtIn.process(context);
    }

    @Override
    public EventType getEventType() {
        return builtIn.getEventType();
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return builtIn.getTokenParameterNames();
    }

    @Override
    public Set<String> getSupportedMultivaluedRequestParameters() {
        return builtIn.getSupportedMultivaluedRequestParameters();
    }

    @Override
    public void preProcess(KeycloakSession session, MultivaluedMap<String, String> formParams) throws ClientPolicyException {
        builtIn.preProcess(session, formParams);
    }

    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return builtIn.isTokenAllowed(session, token);
    }

    @Override
    public void close() {
        builtIn.close();
    }
}
