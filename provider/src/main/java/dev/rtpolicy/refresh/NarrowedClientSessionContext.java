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
 * The client-session context of a refresh whose {@code scope} parameter narrows the grant (RFC 6749 §6). Only what
 * {@code scope} can name is narrowed: the client scopes with "Include in token scope" on (default scopes included,
 * unlike stock Keycloak) and {@code openid}. Everything a client never sees in {@code scope} stays: the client's own
 * mappers and the hidden scopes (Keycloak's {@code basic} with {@code sub}, {@code roles}, {@code web-origins},
 * {@code acr}), so the narrowed token keeps the subject, roles, audience and origins of the grant.
 */
final class NarrowedClientSessionContext implements ClientSessionContext {

    private final ClientSessionContext delegate;
    private final boolean openidRequested;

    private NarrowedClientSessionContext(ClientSessionContext delegate, boolean openidRequested) {
        this.delegate = delegate;
        this.openidRequested = openidRequested;
    }

    /**
     * @param offline whether the presented token is an offline token: {@code offline_access} then stays whatever
     *                {@code scope} says, because narrowing cannot turn an offline grant into an online one (the new
     *                refresh token is an offline token again, and Keycloak checks the offline role in this context)
     */
    static ClientSessionContext of(ClientSessionContext granted, Set<String> requestedScopes, boolean offline, KeycloakSession session) {
        Set<ClientScopeModel> narrowed = granted.getClientScopesStream()
                .filter(scope -> shapesToken(scope, requestedScopes) || (offline && OAuth2Constants.OFFLINE_ACCESS.equals(scope.getName())))
                .collect(Collectors.toSet());
        ClientSessionContext context = ClientSessionContexts.of(granted.getClientSession(), narrowed, session);
        return new NarrowedClientSessionContext(context, requestedScopes.contains(OAuth2Constants.SCOPE_OPENID));
    }

    /**
     * The context a token's claims come from, read from the token itself: the scopes its {@code scope} names and
     * those a client never sees in {@code scope}. Keycloak's own reconstruction (introspection, userinfo) adds every
     * default scope of the client instead, which would undo narrowing.
     */
    static ClientSessionContext ofToken(AuthenticatedClientSessionModel clientSession, String tokenScope, KeycloakSession session) {
        Set<String> named = RefreshFlow.scopeSet(tokenScope);
        Set<ClientScopeModel> scopes = DefaultClientSessionContext.fromClientSessionAndScopeParameter(clientSession, tokenScope, session)
                .getClientScopesStream()
                .filter(scope -> shapesToken(scope, named))
                .collect(Collectors.toSet());
        return ClientSessionContexts.of(clientSession, scopes, session);
    }

    /**
     * Whether {@code scope} contributes to a token whose {@code scope} names {@code namedScopes}: the client itself,
     * a scope the client never sees in {@code scope}, or one that is named.
     */
    static boolean shapesToken(ClientScopeModel scope, Set<String> namedScopes) {
        return scope instanceof ClientModel || !scope.isIncludeInTokenScope() || namedScopes.contains(scope.getName());
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
