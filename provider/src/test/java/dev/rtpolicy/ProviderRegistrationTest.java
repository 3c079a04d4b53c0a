package dev.rtpolicy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every factory is registered in its services file and loadable (public, no-argument constructor). */
class ProviderRegistrationTest {

    @ParameterizedTest
    @CsvSource({
            "org.keycloak.provider.Spi, dev.rtpolicy.settings.PolicyStoreSpi",
            "dev.rtpolicy.settings.PolicyStoreFactory, dev.rtpolicy.settings.PolicyStoreFactory",
            "org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory, dev.rtpolicy.admin.RefreshTokenPolicyResourceFactory",
            "org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory, dev.rtpolicy.refresh.PolicyRefreshTokenIntrospectionProviderFactory",
            "org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory, dev.rtpolicy.refresh.PolicyAccessTokenIntrospectionProviderFactory",
            "org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory, dev.rtpolicy.refresh.PolicyRptIntrospectionProviderFactory",
            "org.keycloak.protocol.LoginProtocolFactory, dev.rtpolicy.refresh.TokenScopedOidcLoginProtocolFactory",
            "org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory, dev.rtpolicy.grant.PolicyGrantTypeFactory$AuthorizationCode",
            "org.keycloak.events.EventListenerProviderFactory, dev.rtpolicy.refresh.SessionEndLockListenerFactory",
            "org.keycloak.events.EventListenerProviderFactory, dev.rtpolicy.refresh.SecurityEventRevocationListenerFactory",
            "org.keycloak.events.EventListenerProviderFactory, dev.rtpolicy.refresh.SuccessorDeliveryListenerFactory",
            "org.keycloak.services.ui.extend.UiTabProviderFactory, dev.rtpolicy.console.RealmSettingsTabFactory",
            "org.keycloak.services.ui.extend.UiPageProviderFactory, dev.rtpolicy.console.ClientOverridesPageFactory",
            "org.keycloak.services.clientregistration.ClientRegistrationProviderFactory, dev.rtpolicy.registration.PolicyClientRegistrationProviderFactory",
            "org.keycloak.wellknown.WellKnownProviderFactory, dev.rtpolicy.metadata.ExpirationMetadataFactory$OpenIdConfiguration",
            "org.keycloak.wellknown.WellKnownProviderFactory, dev.rtpolicy.metadata.ExpirationMetadataFactory$OAuthAuthorizationServer"})
    void servicesFileNamesTheFactory(String service, String implementation) throws Exception {
        List<String> lines = read("META-INF/services/" + service);

        assertTrue(lines.contains(implementation), lines.toString());
        for (String line : lines) {
            Class<?> type = Class.forName(line);
            assertTrue(Class.forName(service).isAssignableFrom(type));
            assertNotNull(type.getConstructor().newInstance());
            assertTrue(!type.getPackageName().startsWith("org.keycloak"), "custom factories must win over built-in ones with the same id");
        }
    }

    @ParameterizedTest
    @CsvSource({"authorization_code, ac", "password, ro", "client_credentials, cc", "refresh_token, rt",
            "urn:ietf:params:oauth:grant-type:device_code, dg", "urn:openid:params:grant-type:ciba, ci",
            "urn:ietf:params:oauth:grant-type:token-exchange, te", "urn:ietf:params:oauth:grant-type:uma-ticket, pg"})
    void grantFactoriesKeepBuiltInIdAndShortcut(String id, String shortcut) throws Exception {
        for (String line : read("META-INF/services/org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory")) {
            var factory = (org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory) Class.forName(line).getConstructor().newInstance();
            if (factory.getId().equals(id)) {
                assertEquals(shortcut, factory.getShortcut());
                assertTrue(factory.order() > 0);
                return;
            }
        }
        throw new AssertionError("no factory for " + id);
    }

    private static List<String> read(String resource) throws IOException {
        try (InputStream in = ProviderRegistrationTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        }
    }
}
