package dev.rtpolicy.refresh;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;
import org.keycloak.representations.RefreshToken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** What 26.6's refresh adds to stock's earlier steps (TokenManager.refreshAccessToken, 26.6.4), as the policy's token manager does it. */
class PolicyTokenManagerTest {

    private final Map<String, Object> attributes = new HashMap<>();
    private final ClientSessionContext context = (ClientSessionContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ClientSessionContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("setAttribute")) {
                    attributes.put((String) args[0], args[1]);
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void carryOverWhenOldTokenHasAuthorizationDetailsThenNewTokenAndResponseCarryThem() {
        RefreshToken old = new RefreshToken(new AccessToken());
        AuthorizationDetailsJSONRepresentation detail = new AuthorizationDetailsJSONRepresentation();
        detail.setType("payment_initiation");
        old.setAuthorizationDetails(List.of(detail));
        AccessToken newToken = new AccessToken();

        new PolicyTokenManager().carryOver(context, newToken, old, "https://api.example");

        assertEquals(List.of(detail), newToken.getAuthorizationDetails());
        assertSame(old.getAuthorizationDetails(), attributes.get(Constants.AUTHORIZATION_DETAILS_RESPONSE));
        assertEquals("https://api.example", attributes.get(OAuth2Constants.RESOURCE));
    }

    @Test
    void carryOverWhenNoAuthorizationDetailsThenOnlyTheResourceOfTheRequest() {
        AccessToken newToken = new AccessToken();

        new PolicyTokenManager().carryOver(context, newToken, new RefreshToken(new AccessToken()), null);

        assertNull(newToken.getAuthorizationDetails());
        // stock sets the attribute, null when the request names no resource
        assertEquals(Collections.singletonMap(OAuth2Constants.RESOURCE, null), attributes);
    }

    @Test
    void organizationAliasesWhenClaimIsOneAliasListOrMapThenTheAliases() {
        assertEquals(List.of("acme"), PolicyTokenManager.organizationAliases("acme"));
        assertEquals(List.of("acme", "globex"), PolicyTokenManager.organizationAliases(List.of("acme", "globex")));
        assertEquals(List.of("acme"), PolicyTokenManager.organizationAliases(Map.of("acme", Map.of("id", "1"))));
        assertEquals(List.of(), PolicyTokenManager.organizationAliases(null));
    }
}
