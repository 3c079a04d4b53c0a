package dev.rtpolicy.refresh;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RoleModel;
import org.keycloak.rar.AuthorizationRequestContext;
import org.keycloak.services.util.DefaultClientSessionContext;

/**
 * The client-session context of a refresh whose {@code scope} parameter narrows the grant (RFC 6749 §6): only the
 * requested client scopes (default scopes included, unlike stock Keycloak), and {@code openid} only if requested.
 */
final class NarrowedClientSessionContext implements ClientSessionContext {

    private final ClientSessionContext delegate;
    private final boolean openidRequested;

    private NarrowedClientSessionContext(ClientSessionContext delegate, boolean openidRequested) {
        this.delegate = delegate;
        this.openidRequested = openidRequested;
    }

    static ClientSessionContext of(ClientSessionContext granted, Set<String> requestedScopes, KeycloakSession session) {
        Set<ClientScopeModel> narrowed = granted.getClientScopesStream()
                .filter(scope -> scope instanceof ClientModel || requestedScopes.contains(scope.getName()))
                .collect(Collectors.toSet());
        ClientSessionContext context = DefaultClientSessionContext.fromClientSessionAndClientScopes(
                granted.getClientSession(), narrowed, null, session);
        return new NarrowedClientSessionContext(context, requestedScopes.contains(OAuth2Constants.SCOPE_OPENID));
    }

    @Override
    public String getScopeString() {
        return withOpenidAsRequested(delegate.getScopeString());
    }

    @Override
    public String getScopeString(boolean ignoreIncludeInTokenScope) {
        return withOpenidAsRequested(delegate.getScopeString(ignoreIncludeInTokenScope));
    }

    private String withOpenidAsRequested(String scopes) {
        Stream<String> others = Arrays.stream(scopes.split(" "))
                .filter(s -> !s.isEmpty() && !s.equals(OAuth2Constants.SCOPE_OPENID));
        Stream<String> all = openidRequested ? Stream.concat(Stream.of(OAuth2Constants.SCOPE_OPENID), others) : others;
        return all.collect(Collectors.joining(" "));
    }

    @Override
    public AuthenticatedClientSessionModel getClientSession() {
        return delegate.getClientSession();
    }

    @Override
    public Set<String> getClientScopeIds() {
        return delegate.getClientScopeIds();
    }

    @Override
    public Stream<ClientScopeModel> getClientScopesStream() {
        return delegate.getClientScopesStream();
    }

    @Override
    public boolean isOfflineTokenRequested() {
        return delegate.isOfflineTokenRequested();
    }

    @Override
    public Stream<RoleModel> getRolesStream() {
        return delegate.getRolesStream();
    }

    @Override
    public Stream<ProtocolMapperModel> getProtocolMappersStream() {
        return delegate.getProtocolMappersStream();
    }

    @Override
    public void setAttribute(String name, Object value) {
        delegate.setAttribute(name, value);
    }

    @Override
    public <T> T getAttribute(String attribute, Class<T> clazz) {
        return delegate.getAttribute(attribute, clazz);
    }

    @Override
    public AuthorizationRequestContext getAuthorizationRequestContext() {
        return delegate.getAuthorizationRequestContext();
    }
}
