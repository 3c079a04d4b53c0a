package dev.rtpolicy.refresh;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.rtpolicy.grant.GrantCoverage;
import dev.rtpolicy.ops.Compatibility;

/**
 * Ranks above Keycloak's {@code default} (order 0) and below {@code oid4vci} (order 10), so verifiable-credential
 * refresh tokens keep their own provider.
 */
public final class PolicyRefreshTokenProviderFactory implements RefreshTokenProviderFactory, ServerInfoAwareProviderFactory {

    private static final Logger logger = Logger.getLogger(PolicyRefreshTokenProviderFactory.class);

    public static final String PROVIDER_ID = "refresh-token-policy";

    /** Derived from the deployed providers at start-up, the same on every node: configuration, not state. */
    private GrantCoverage grantCoverage;

    @Override
    public RefreshTokenProvider create(KeycloakSession session) {
        return new PolicyRefreshTokenProvider(session);
    }

    @Override
    public int order() {
        return 5;
    }

    /** The version guard: an untested Keycloak is a warning, one without the hooks we need fails the start-up. */
    @Override
    public void init(Config.Scope config) {
        Compatibility compatibility = Compatibility.ofRunningServer();
        if (compatibility.verdict() == Compatibility.Verdict.BROKEN) {
            throw new IllegalStateException(compatibility.message());
        }
        if (compatibility.verdict() == Compatibility.Verdict.UNTESTED) {
            logger.warn(compatibility.message());
        }
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        Compatibility.ofRunningServer().status().forEach((key, value) -> info.put(key, String.valueOf(value)));
        if (grantCoverage != null) {
            grantCoverage.status().forEach((key, value) -> info.put("grantTypes." + key, String.join(" ", value)));
        }
        return info;
    }

    /** Every grant type the server runs must be under the policy; one that is not is an error in the log. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        grantCoverage = GrantCoverage.of(factory);
        if (!grantCoverage.complete()) {
            logger.error(grantCoverage.message());
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
