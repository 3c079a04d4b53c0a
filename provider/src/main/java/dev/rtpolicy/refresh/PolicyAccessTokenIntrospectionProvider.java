package dev.rtpolicy.refresh;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.util.JsonSerialization;
import org.keycloak.util.TokenUtil;

/**
 * RFC 7662 introspection of access tokens whose claims follow the token's {@code scope}: Keycloak rebuilds the
 * answer from the mappers of the client's default scopes plus the scopes the token names, so a token narrowed on
 * refresh would introspect with the claims of scopes it no longer has (e.g. {@code email}). Here the mappers are
 * those of the scopes the token names and of the scopes a client never sees in {@code scope}, exactly the set the
 * narrowed token was minted from. For a token that was not narrowed the two sets are the same.
 */
final class PolicyAccessTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    PolicyAccessTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        ClientModel client = realm.getClientByClientId(token.getIssuedFor());
        AuthenticatedClientSessionModel clientSession = client == null ? null : userSession.getAuthenticatedClientSessionByClient(client.getId());
        if (clientSession == null) {
            return token;
        }
        ClientSessionContext context = NarrowedClientSessionContext.ofToken(clientSession, token.getScope(), session);
        return KeycloakLine.transformIntrospectionAccessToken(tokenManager, session, token, storedClaims(token), userSession, context);
    }

    /**
     * RFC 7662 §2.2: a token of a session that has ended is not active, even where the cache still holds it. A refresh
     * token introspected without {@code token_type_hint=refresh_token} lands here (RFC 7662 §2.1: the hint is only a
     * hint); before 26.6 stock then answers as for an access token, so it is held to the refresh grant's rule too.
     */
    @Override
    protected boolean verifyTokenReuse() {
        if (TokenUtil.TOKEN_TYPE_REFRESH.equals(token.getType()) || TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType())) {
            // the refresh grant's rule includes the ended-session check: one count of the session's rows, not two
            return RefreshTokenActivity.isActive(session, realm, client, userSession, JsonSerialization.mapper.convertValue(token, RefreshToken.class),
                    eventBuilder);
        }
        return !StoredSession.refusesIntrospection(session, userSession, client, eventBuilder) && super.verifyTokenReuse();
    }

    /** The claims Keycloak copies from the token before the mappers run ({@code getAccessTokenFromStoredData}, private). */
    private static AccessToken storedClaims(AccessToken token) {
        AccessToken claims = new AccessToken();
        claims.id(token.getId());
        claims.type(token.getType());
        claims.subject(token.getSubject());
        claims.iat(token.getIat());
        claims.exp(token.getExp());
        claims.issuedFor(token.getIssuedFor());
        claims.issuer(token.getIssuer());
        claims.setNonce(token.getNonce());
        claims.setScope(token.getScope());
        claims.setSessionId(token.getSessionId());
        claims.audience(token.getAudience());
        claims.setConfirmation(token.getConfirmation());
        return claims;
    }
}
