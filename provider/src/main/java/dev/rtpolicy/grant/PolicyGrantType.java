package dev.rtpolicy.grant;

import java.util.Arrays;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.CorsErrorResponseException;

import dev.rtpolicy.ops.PolicyMetrics;
import dev.rtpolicy.refresh.SubjectTokenSession;
import dev.rtpolicy.refresh.SuccessorDelivery;
import dev.rtpolicy.refresh.UnsteeredIssuance;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Runs a built-in grant under the realm's issuance switch, then completes its token response.
 * <ul>
 *     <li>Realm switch off: the grant reads its client configuration through {@link IssuancePolicyClient}, whose
 *     "use refresh tokens" reads off, so no refresh token and no offline session is ever created (Keycloak's own
 *     per-client mechanism, made realm-wide). Token exchange decides from the client model itself, so a request for
 *     a refresh token is refused here the way Keycloak refuses it for a client without refresh tokens, and a request
 *     without {@code requested_token_type} asks for an access token (token exchange v1 would default to a refresh
 *     token).</li>
 *     <li>UMA decides from the requesting client's model too, after authenticating it itself: it runs as an
 *     {@link UnsteeredIssuance}, and a refresh token the holder may not get is dropped from the response.</li>
 *     <li>A token exchange's subject token whose session has ended is refused even where the cache still holds the
 *     session ({@link SubjectTokenSession}).</li>
 *     <li>A refresh settles its rotation once Keycloak's grant has returned the final response
 *     ({@link SuccessorDelivery}).</li>
 *     <li>A response with a refresh token also gets {@code refresh_token_expires_in}
 *     (draft-ietf-oauth-refresh-token-expiration), the same value as Keycloak's {@code refresh_expires_in}.</li>
 * </ul>
 */
final class PolicyGrantType extends LineGrantType {

    /** Grants whose missing refresh token is not a suppression: none by default, or counted as a refresh outcome. */
    private static final Set<String> NEVER_ISSUING = Set.of(OAuth2Constants.CLIENT_CREDENTIALS, OAuth2Constants.REFRESH_TOKEN);

    PolicyGrantType(OAuth2GrantType builtIn) {
        super(builtIn);
    }

    @Override
    public Response process(Context context) {
        if (OAuth2Constants.UMA_GRANT_TYPE.equals(grantType(context))) {
            return processUnsteered(context);
        }
        if (OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE.equals(grantType(context))) {
            SubjectTokenSession.removeGhost(context.getSession(), context.getRealm(), context.getFormParams().getFirst(OAuth2Constants.SUBJECT_TOKEN));
        }
        RefreshTokenPolicySettings settings = context.getClient() == null ? null : RefreshTokenPolicySettings.forRequest(context.getSession(), context.getRealm(), context.getClient());
        if (settings != null && !settings.realmIssuesRefreshTokens()) {
            refuseRequestedRefreshToken(context);
            defaultToAccessToken(context);
            context.setClientConfig(OIDCAdvancedConfigWrapper.fromClientModel(IssuancePolicyClient.withoutRefreshTokens(context.getClient())));
        } else if (settings != null && OAuth2Constants.REFRESH_TOKEN.equals(grantType(context)) && !settings.rotateOnRefresh(true)) {
            // A refresh that keeps the presented token mints none, so Keycloak's certificate binding (RFC 8705 §3) must
            // bind the access token only; with "use refresh tokens" on it would bind a refresh token that is not there.
            context.setClientConfig(OIDCAdvancedConfigWrapper.fromClientModel(IssuancePolicyClient.withoutRefreshTokens(context.getClient())));
        }
        Response response = SuccessorDelivery.settledAfter(context.getSession(), context.getEvent()::getEvent, () -> processBuiltIn(context));
        if (!(response.getEntity() instanceof AccessTokenResponse tokens)) {
            return response;
        }
        if (settings != null && !settings.issueRefreshTokens() && tokens.getRefreshToken() == null) {
            if (hasOfflineAccess(tokens.getScope())) {
                refuseOfflineAccess(context);
            }
            if (!NEVER_ISSUING.contains(grantType(context))) {
                PolicyMetrics.suppressed(context.getRealm().getName(), settings.realmIssuesRefreshTokens() ? "client_grant" : "realm_switch");
            }
        }
        ExpirationParameters.add(context.getSession(), settings != null ? settings : RefreshTokenPolicySettings.of(context.getRealm()), tokens);
        return response;
    }

    /** The client is authenticated by the grant itself here ({@code context.getClient()} is null): see {@link UnsteeredIssuance}. */
    private Response processUnsteered(Context context) {
        String suppressed;
        Response response;
        UnsteeredIssuance.begin(context.getSession());
        try {
            response = processBuiltIn(context);
        } finally {
            suppressed = UnsteeredIssuance.end(context.getSession());
        }
        if (!(response.getEntity() instanceof AccessTokenResponse tokens)) {
            return response;
        }
        if (suppressed != null) {
            // as Keycloak answers for a client without refresh tokens
            tokens.setRefreshToken(null);
            tokens.setRefreshExpiresIn(0);
            PolicyMetrics.suppressed(context.getRealm().getName(), suppressed);
        }
        ExpirationParameters.add(context.getSession(), RefreshTokenPolicySettings.of(context.getRealm()), tokens);
        return response;
    }

    private static String grantType(Context context) {
        return context.getFormParams().getFirst(OAuth2Constants.GRANT_TYPE);
    }

    /**
     * {@code offline_access} means "a refresh token that outlives the login" (OIDC Core §11). Without a refresh token
     * Keycloak would still mint an access token bound to an offline session that never gets created: refuse, and
     * roll back whatever the grant created, so nothing is left behind.
     */
    private static void refuseOfflineAccess(Context context) {
        context.getSession().getTransactionManager().setRollbackOnly();
        String description = "offline_access needs a refresh token, and no refresh tokens are issued to this client";
        context.getEvent().detail(Details.REASON, description);
        context.getEvent().error(Errors.INVALID_REQUEST);
        throw new CorsErrorResponseException(context.getCors(), OAuthErrorException.INVALID_SCOPE, description, Response.Status.BAD_REQUEST);
    }

    private static boolean hasOfflineAccess(String scope) {
        return scope != null && Arrays.asList(scope.split(" ")).contains(OAuth2Constants.OFFLINE_ACCESS);
    }

    /** RFC 8693 §2.2.2 {@code invalid_request}, exactly as Keycloak answers it for a client without refresh tokens. */
    private static void refuseRequestedRefreshToken(Context context) {
        if (OAuth2Constants.REFRESH_TOKEN_TYPE.equals(context.getFormParams().getFirst(OAuth2Constants.REQUESTED_TOKEN_TYPE))) {
            context.getEvent().detail(Details.REASON, "requested_token_type unsupported");
            context.getEvent().error(Errors.INVALID_REQUEST);
            throw new CorsErrorResponseException(context.getCors(), OAuthErrorException.INVALID_REQUEST, "requested_token_type unsupported",
                    Response.Status.BAD_REQUEST);
        }
    }

    /**
     * RFC 8693 §2.1: without {@code requested_token_type} the issued type is the server's choice. Token exchange v1
     * would choose a refresh token; with none issued, the choice is an access token, as Keycloak's own answer for a
     * client without refresh tokens. The request itself is left untouched: the grant gets a copy of its parameters.
     */
    private static void defaultToAccessToken(Context context) {
        if (!OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE.equals(grantType(context))
                || context.getFormParams().getFirst(OAuth2Constants.REQUESTED_TOKEN_TYPE) != null) {
            return;
        }
        MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>(context.getFormParams());
        params.putSingle(OAuth2Constants.REQUESTED_TOKEN_TYPE, OAuth2Constants.ACCESS_TOKEN_TYPE);
        context.setFormParams(params);
    }

    @Override
    public EventType getEventType() {
        return builtIn.getEventType();
    }

    @Override
    public Set<String> getSupportedMultivaluedRequestParameters() {
        return builtIn.getSupportedMultivaluedRequestParameters();
    }

    @Override
    public void close() {
        builtIn.close();
    }
}
