package dev.rtpolicy.grant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.provider.ProviderFactory;

/**
 * Whether every grant type the server runs is under the refresh-token policy: its factory is one of ours (wrapping
 * Keycloak's), or a built-in grant that never issues a refresh token. Anything else, a grant added by a newer
 * Keycloak or another extension's grant taking an id over, is uncovered: it could hand out refresh tokens the realm
 * switch and the client's grant never see.
 */
public final class GrantCoverage {

    /** Built-in grants that never issue a refresh token, by factory class, with the reason (Keycloak 26.7.3 sources). */
    static final Map<String, String> NEVER_ISSUING = Map.of(
            "org.keycloak.protocol.oidc.grants.JWTAuthorizationGrantTypeFactory",
            "JWT authorization grant (RFC 7523): JWTAuthorizationGrantType.useRefreshToken() is false",
            "org.keycloak.protocol.oidc.grants.PreAuthorizedCodeGrantTypeFactory",
            "OID4VCI pre-authorized code: PreAuthorizedCodeGrantType builds an access token only");

    private final SortedSet<String> wrapped = new TreeSet<>();
    private final SortedSet<String> neverIssuing = new TreeSet<>();
    private final SortedSet<String> uncovered = new TreeSet<>();

    private GrantCoverage() {
    }

    /** The grant factories the running server uses: one per grant type. */
    public static GrantCoverage of(KeycloakSessionFactory factory) {
        return of(factory.getProviderFactoriesStream(OAuth2GrantType.class));
    }

    @SuppressWarnings("rawtypes")
    static GrantCoverage of(Stream<? extends ProviderFactory> factories) {
        GrantCoverage coverage = new GrantCoverage();
        factories.forEach(factory -> {
            if (factory instanceof PolicyGrantTypeFactory) {
                coverage.wrapped.add(factory.getId());
            } else if (NEVER_ISSUING.containsKey(factory.getClass().getName())) {
                coverage.neverIssuing.add(factory.getId());
            } else {
                coverage.uncovered.add(factory.getId() + " (" + factory.getClass().getName() + ")");
            }
        });
        return coverage;
    }

    public boolean complete() {
        return uncovered.isEmpty();
    }

    /** The status endpoint's and the server info's {@code grantTypes}. */
    public Map<String, List<String>> status() {
        Map<String, List<String>> status = new LinkedHashMap<>();
        status.put("wrapped", List.copyOf(wrapped));
        status.put("neverIssueRefreshTokens", List.copyOf(neverIssuing));
        status.put("uncovered", List.copyOf(uncovered));
        return status;
    }

    /** The start-up error for an incomplete coverage. */
    public String message() {
        return "keycloak-refresh-token-policy does not cover the grant types " + String.join(", ", uncovered)
                + ": they may issue refresh tokens regardless of the realm's and the client's refresh-token settings."
                + " Use a release of the extension built for this Keycloak, or remove the extension providing them.";
    }
}
