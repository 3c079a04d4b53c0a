package dev.rtpolicy.grant;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeSpi;
import org.keycloak.provider.KeycloakDeploymentInfo;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ProviderManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak's own provider loading (the same {@link ProviderManager} the server's build runs) over this classpath:
 * keycloak-services' grant factories and ours. A grant type a newer Keycloak adds shows up here as uncovered.
 */
class GrantCoverageTest {

    @Test
    void everyGrantTypeOfKeycloakServicesIsWrappedOrNeverIssuesRefreshTokens() {
        GrantCoverage coverage = GrantCoverage.of(loadedGrantFactories().stream());

        assertEquals(List.of(), coverage.status().get("uncovered"));
        assertTrue(coverage.complete());
        assertEquals(List.of("authorization_code", "client_credentials", "password", "refresh_token",
                "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange",
                "urn:ietf:params:oauth:grant-type:uma-ticket", "urn:openid:params:grant-type:ciba"), coverage.status().get("wrapped"));
        // the JWT authorization grant (RFC 7523) exists from Keycloak 26.5
        List<String> neverIssuing = "26.4".equals(System.getProperty("unit.keycloak.line"))
                ? List.of("urn:ietf:params:oauth:grant-type:pre-authorized_code")
                : List.of("urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:pre-authorized_code");
        assertEquals(neverIssuing, coverage.status().get("neverIssueRefreshTokens"));
    }

    @Test
    void everyWrappedGrantTypeWinsOverKeycloaksOwnFactory() {
        for (ProviderFactory<?> factory : loadedGrantFactories()) {
            assertTrue(factory instanceof PolicyGrantTypeFactory || GrantCoverage.NEVER_ISSUING.containsKey(factory.getClass().getName()),
                    factory.getId() + " is served by " + factory.getClass().getName());
        }
    }

    @Test
    void grantTypeNeitherWrappedNorKnownNeverToIssueIsUncovered() {
        GrantCoverage coverage = GrantCoverage.of(java.util.stream.Stream.of(new PolicyGrantTypeFactory.RefreshToken(), new FutureGrantFactory()));

        assertFalse(coverage.complete());
        assertEquals(List.of("urn:example:future-grant (" + FutureGrantFactory.class.getName() + ")"), coverage.status().get("uncovered"));
        assertEquals(List.of("refresh_token"), coverage.status().get("wrapped"));
        assertTrue(coverage.message().contains("urn:example:future-grant"), coverage.message());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<ProviderFactory> loadedGrantFactories() {
        ProviderManager manager = new ProviderManager(KeycloakDeploymentInfo.create().services(), GrantCoverageTest.class.getClassLoader());
        return manager.load(new OAuth2GrantTypeSpi());
    }

    /** What a newer Keycloak's new grant, or another extension's, looks like to the check. */
    static final class FutureGrantFactory implements OAuth2GrantTypeFactory {
        @Override
        public String getShortcut() {
            return "fg";
        }

        @Override
        public OAuth2GrantType create(KeycloakSession session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void init(Config.Scope config) {
        }

        @Override
        public void postInit(KeycloakSessionFactory factory) {
        }

        @Override
        public void close() {
        }

        @Override
        public String getId() {
            return "urn:example:future-grant";
        }
    }
}
