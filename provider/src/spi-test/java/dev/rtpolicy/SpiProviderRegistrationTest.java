package dev.rtpolicy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** From 26.7 the policy runs as Keycloak's refresh-token provider, registered in its services file. */
class SpiProviderRegistrationTest {

    @Test
    void refreshTokenProviderFactoryIsRegistered() throws IOException {
        String resource = "META-INF/services/org.keycloak.protocol.oidc.refresh.RefreshTokenProviderFactory";
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            assertEquals("dev.rtpolicy.refresh.PolicyRefreshTokenProviderFactory", new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
