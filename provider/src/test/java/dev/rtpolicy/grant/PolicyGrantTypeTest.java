package dev.rtpolicy.grant;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.TokenManager;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.ui.extend.UiTabProvider;

import dev.rtpolicy.refresh.UnsteeredIssuance;
import dev.rtpolicy.settings.PolicyField;
import dev.rtpolicy.settings.PolicyStore;
import dev.rtpolicy.settings.PolicyStoreFactory;

import static dev.rtpolicy.grant.Stub.returns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PolicyGrantType} around a recording stand-in for Keycloak's built-in grant, on stub models: what the built-in
 * grant is given, and what the wrapper makes of its answer.
 */
class PolicyGrantTypeTest {

    private static final String REFRESH_TOKEN = "refresh-token-value";
    private static SimpleMeterRegistry meters;

    private final Map<String, String> realmSettings = new HashMap<>();
    private final Map<String, String> clientAttributes = new HashMap<>();
    private final Map<String, Object> sessionAttributes = new HashMap<>();
    private final BuiltInGrant builtIn = new BuiltInGrant();
    private final String realmName = "realm-" + System.nanoTime();
    private boolean rolledBack;
    private RecordingEvent event;

    @BeforeAll
    static void countMetrics() {
        meters = new SimpleMeterRegistry();
        Metrics.addRegistry(meters);
    }

    @AfterAll
    static void stopCountingMetrics() {
        Metrics.removeRegistry(meters);
    }

    @Test
    void processWhenRefreshTokenIssuedThenRefreshTokenExpiresInEqualsRefreshExpiresIn() {
        builtIn.answer = tokens(REFRESH_TOKEN, 1800, "openid");

        AccessTokenResponse tokens = entity(process(OAuth2Constants.AUTHORIZATION_CODE));

        assertEquals(1800L, tokens.getOtherClaims().get(ExpirationParameters.REFRESH_TOKEN_EXPIRES_IN), "the same value as refresh_expires_in");
        assertEquals(REFRESH_TOKEN, tokens.getRefreshToken());
    }

    /**
     * Before 26.7 the policy reaches Keycloak's refresh and minting through the token manager: the built-in grant runs
     * on a copy of the request's context that differs only in its token manager. From 26.7 (the refresh-token SPI) it
     * runs on the request's own context.
     */
    @Test
    void processThenBuiltInGrantRunsOnTheRequestsContextWithThePolicyTokenManagerBefore26dot7() {
        builtIn.answer = tokens(REFRESH_TOKEN, 1800, "openid");
        OAuth2GrantType.Context[] seen = new OAuth2GrantType.Context[1];
        builtIn.during = context -> seen[0] = context;
        OAuth2GrantType.Context request = context(OAuth2Constants.AUTHORIZATION_CODE);
        ClientModel client = Stub.of(ClientModel.class, Map.of("getClientId", returns("app")));
        request.setClient(client);

        new PolicyGrantType(builtIn).process(request);

        OAuth2GrantType.Context given = seen[0];
        assertSame(request.getSession(), given.getSession());
        assertSame(request.getClientConfig(), given.getClientConfig());
        assertSame(request.getClientAuthAttributes(), given.getClientAuthAttributes());
        assertSame(request.getFormParams(), given.getFormParams());
        assertSame(request.getEvent(), given.getEvent());
        assertSame(request.getCors(), given.getCors());
        assertSame(client, given.getClient());
        // before 26.7 (no refresh-token SPI) the built-in grant runs on a copy of the context with the policy's token manager
        String[] line = System.getProperty("unit.keycloak.line").split("\\.");
        if (Integer.parseInt(line[0]) == 26 && Integer.parseInt(line[1]) < 7) {
            assertEquals("dev.rtpolicy.refresh.PolicyTokenManager", given.getTokenManager().getClass().getName());
        } else {
            assertSame(request, given);
        }
    }

    @Test
    void processWhenNoRefreshTokenThenNoRefreshTokenExpiresIn() {
        builtIn.answer = tokens(null, 0, "profile");

        AccessTokenResponse tokens = entity(process(OAuth2Constants.CLIENT_CREDENTIALS));

        assertFalse(tokens.getOtherClaims().containsKey(ExpirationParameters.REFRESH_TOKEN_EXPIRES_IN));
    }

    @Test
    void processWhenRefreshTokenWithoutExpiryThenNoRefreshTokenExpiresIn() {
        builtIn.answer = tokens(REFRESH_TOKEN, 0, "openid offline_access");

        AccessTokenResponse tokens = entity(process(OAuth2Constants.PASSWORD));

        assertFalse(tokens.getOtherClaims().containsKey(ExpirationParameters.REFRESH_TOKEN_EXPIRES_IN));
    }

    @Test
    void processWhenAnswerIsNotATokenResponseThenReturnedUntouched() {
        Response error = Response.status(400).entity(Map.of("error", "invalid_grant")).build();
        builtIn.answer = error;

        assertSame(error, process(OAuth2Constants.AUTHORIZATION_CODE));
    }

    @Test
    void processWhenRealmSwitchOnThenBuiltInGrantGetsTheClientConfigAndFormUntouched() {
        builtIn.answer = tokens(REFRESH_TOKEN, 1800, "openid");
        OAuth2GrantType.Context context = context(OAuth2Constants.PASSWORD);
        Object config = context.getClientConfig();
        MultivaluedMap<String, String> form = context.getFormParams();

        new PolicyGrantType(builtIn).process(context);

        assertSame(config, builtIn.config);
        assertSame(form, builtIn.form);
    }

    @Test
    void processWhenRealmSwitchOffThenBuiltInGrantReadsUseRefreshTokensOff() {
        realmSettings.put("issueRefreshTokens", "false");
        clientAttributes.put(OIDCConfigAttributes.USE_REFRESH_TOKEN_FOR_CLIENT_CREDENTIALS_GRANT, "true");
        builtIn.answer = tokens(null, 0, "openid");

        process(OAuth2Constants.CLIENT_CREDENTIALS);

        OIDCAdvancedConfigWrapper config = (OIDCAdvancedConfigWrapper) builtIn.config;
        assertFalse(config.isUseRefreshToken());
        assertFalse(config.isUseRefreshTokenForClientCredentialsGrant());
        assertEquals(null, clientAttributes.get(OIDCConfigAttributes.USE_REFRESH_TOKEN), "the client itself is not changed");
    }

    @Test
    void processWhenClientGrantOffButRealmSwitchOnThenBuiltInGrantDecidesFromTheClientItself() {
        clientAttributes.put(OIDCConfigAttributes.USE_REFRESH_TOKEN, "false");
        builtIn.answer = tokens(null, 0, "openid");
        OAuth2GrantType.Context context = context(OAuth2Constants.PASSWORD);
        Object config = context.getClientConfig();

        new PolicyGrantType(builtIn).process(context);

        assertSame(config, builtIn.config);
    }

    @Test
    void refreshWhenRotationOffThenBuiltInGrantReadsUseRefreshTokensOffSoCertificateBindingSkipsTheAbsentRefreshToken() {
        realmSettings.put("issueRefreshTokensOnRefresh", "false");
        builtIn.answer = tokens(null, 0, "openid");

        process(OAuth2Constants.REFRESH_TOKEN);

        assertFalse(((OIDCAdvancedConfigWrapper) builtIn.config).isUseRefreshToken());
        assertEquals(null, clientAttributes.get(OIDCConfigAttributes.USE_REFRESH_TOKEN), "the client itself is not changed");
    }

    @Test
    void refreshWhenRotationOnThenBuiltInGrantGetsTheClientConfig() {
        builtIn.answer = tokens(REFRESH_TOKEN, 1800, "openid");
        OAuth2GrantType.Context context = context(OAuth2Constants.REFRESH_TOKEN);
        Object config = context.getClientConfig();

        new PolicyGrantType(builtIn).process(context);

        assertSame(config, builtIn.config);
    }

    /** OIDC Core §11: offline_access asks for a refresh token; an access token bound to no offline session must not leave. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"realm switch off, issueRefreshTokens, false", "client grant off, use.refresh.tokens, false"})
    void processWhenNoRefreshTokensAndOfflineAccessGrantedThenInvalidScopeAndRolledBack(String why, String key, String value) {
        if (key.equals("issueRefreshTokens")) {
            realmSettings.put(key, value);
        } else {
            clientAttributes.put(key, value);
        }
        builtIn.answer = tokens(null, 0, "openid offline_access profile");

        CorsErrorResponseException refusal = assertThrows(CorsErrorResponseException.class, () -> process(OAuth2Constants.PASSWORD));

        assertEquals(OAuthErrorException.INVALID_SCOPE, refusal.getMessage());
        assertEquals("offline_access needs a refresh token, and no refresh tokens are issued to this client", refusal.getErrorDescription());
        assertEquals(refusal.getErrorDescription(), event.getEvent().getDetails().get(Details.REASON));
        assertEquals(Errors.INVALID_REQUEST, event.getEvent().getError());
        assertTrue(rolledBack, "whatever the grant created is rolled back");
    }

    @Test
    void processWhenRefreshTokensIssuedAndOfflineAccessGrantedThenTokensReturned() {
        builtIn.answer = tokens(REFRESH_TOKEN, 0, "openid offline_access");

        assertEquals(REFRESH_TOKEN, entity(process(OAuth2Constants.PASSWORD)).getRefreshToken());
        assertFalse(rolledBack);
    }

    @Test
    void processWhenNoRefreshTokensAndScopeMerelyContainsOfflineAccessTextThenTokensReturned() {
        realmSettings.put("issueRefreshTokens", "false");
        builtIn.answer = tokens(null, 0, "openid offline_access_audit");

        assertNull(entity(process(OAuth2Constants.PASSWORD)).getRefreshToken());
        assertFalse(rolledBack);
    }

    /** RFC 8693 §2.2.2: the answer Keycloak gives a client without refresh tokens. */
    @Test
    void tokenExchangeWhenRealmSwitchOffAndRefreshTokenRequestedThenInvalidRequestBeforeTheGrantRuns() {
        realmSettings.put("issueRefreshTokens", "false");

        CorsErrorResponseException refusal = assertThrows(CorsErrorResponseException.class,
                () -> process(OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE, OAuth2Constants.REQUESTED_TOKEN_TYPE, OAuth2Constants.REFRESH_TOKEN_TYPE));

        assertEquals(OAuthErrorException.INVALID_REQUEST, refusal.getMessage());
        assertEquals("requested_token_type unsupported", refusal.getErrorDescription());
        assertEquals("requested_token_type unsupported", event.getEvent().getDetails().get(Details.REASON));
        assertEquals(Errors.INVALID_REQUEST, event.getEvent().getError());
        assertNull(builtIn.form, "the built-in grant never ran");
    }

    @Test
    void tokenExchangeWhenRealmSwitchOnAndRefreshTokenRequestedThenTheBuiltInGrantDecides() {
        clientAttributes.put(OIDCConfigAttributes.USE_REFRESH_TOKEN, "false");
        builtIn.answer = tokens(null, 0, null);

        process(OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE, OAuth2Constants.REQUESTED_TOKEN_TYPE, OAuth2Constants.REFRESH_TOKEN_TYPE);

        assertEquals(OAuth2Constants.REFRESH_TOKEN_TYPE, builtIn.form.getFirst(OAuth2Constants.REQUESTED_TOKEN_TYPE));
    }

    /** RFC 8693 §2.1: without requested_token_type the issued type is the server's choice; with none issued, an access token. */
    @Test
    void tokenExchangeWhenRealmSwitchOffAndNoTypeRequestedThenBuiltInGrantAskedForAnAccessTokenOnACopy() {
        realmSettings.put("issueRefreshTokens", "false");
        builtIn.answer = tokens(null, 0, null);
        OAuth2GrantType.Context context = context(OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE, OAuth2Constants.SUBJECT_TOKEN, "subject");
        MultivaluedMap<String, String> request = context.getFormParams();

        new PolicyGrantType(builtIn).process(context);

        assertEquals(OAuth2Constants.ACCESS_TOKEN_TYPE, builtIn.form.getFirst(OAuth2Constants.REQUESTED_TOKEN_TYPE));
        assertEquals("subject", builtIn.form.getFirst(OAuth2Constants.SUBJECT_TOKEN));
        assertNull(request.getFirst(OAuth2Constants.REQUESTED_TOKEN_TYPE), "the request's own parameters are untouched");
    }

    @Test
    void tokenExchangeWhenRealmSwitchOnAndNoTypeRequestedThenFormUntouched() {
        builtIn.answer = tokens(REFRESH_TOKEN, 1800, null);

        process(OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE, OAuth2Constants.SUBJECT_TOKEN, "subject");

        assertNull(builtIn.form.getFirst(OAuth2Constants.REQUESTED_TOKEN_TYPE));
    }

    @Test
    void otherGrantWhenRealmSwitchOffThenNoRequestedTokenTypeAdded() {
        realmSettings.put("issueRefreshTokens", "false");
        builtIn.answer = tokens(null, 0, "openid");

        process(OAuth2Constants.DEVICE_CODE_GRANT_TYPE, OAuth2Constants.DEVICE_CODE, "device-code");

        assertNull(builtIn.form.getFirst(OAuth2Constants.REQUESTED_TOKEN_TYPE), "only token exchange knows requested_token_type");
        assertEquals("device-code", builtIn.form.getFirst(OAuth2Constants.DEVICE_CODE));
    }

    @ParameterizedTest(name = "{0} with realm switch {1}, client grant {2}: {3}")
    @CsvSource({
            "authorization_code, false, true,  realm_switch",
            "authorization_code, true,  false, client_grant",
            "password,           false, false, realm_switch",
            "client_credentials, false, true,  none",
            "refresh_token,      true,  false, none"})
    void suppressionIsCountedByReasonExceptForGrantsThatNeverIssue(String grantType, boolean realmSwitch, boolean clientGrant, String reason) {
        realmSettings.put("issueRefreshTokens", Boolean.toString(realmSwitch));
        clientAttributes.put(OIDCConfigAttributes.USE_REFRESH_TOKEN, Boolean.toString(clientGrant));
        builtIn.answer = tokens(null, 0, "openid");

        process(grantType);

        for (String counted : new String[] {"realm_switch", "client_grant"}) {
            assertEquals(counted.equals(reason) ? 1.0 : 0.0, suppressed(counted), counted);
        }
    }

    @Test
    void umaWhenRefreshTokenSuppressedThenDroppedFromTheResponseAndCounted() {
        builtIn.answer = tokens(REFRESH_TOKEN, 1800, null);
        builtIn.during = context -> sessionAttributes.put(UnsteeredIssuance.class.getName(), "client_grant");

        AccessTokenResponse tokens = entity(process(OAuth2Constants.UMA_GRANT_TYPE));

        assertNull(tokens.getRefreshToken());
        assertEquals(0, tokens.getRefreshExpiresIn());
        assertFalse(tokens.getOtherClaims().containsKey(ExpirationParameters.REFRESH_TOKEN_EXPIRES_IN));
        assertEquals(1.0, suppressed("client_grant"));
        assertTrue(sessionAttributes.isEmpty(), "the mark does not outlive the grant");
    }

    @Test
    void umaWhenNotSuppressedThenRefreshTokenKeptWithItsExpiry() {
        builtIn.answer = tokens(REFRESH_TOKEN, 1800, null);
        builtIn.during = context -> assertEquals("open", sessionAttributes.get(UnsteeredIssuance.class.getName()), "the grant runs unsteered");

        AccessTokenResponse tokens = entity(process(OAuth2Constants.UMA_GRANT_TYPE));

        assertEquals(REFRESH_TOKEN, tokens.getRefreshToken());
        assertEquals(1800L, tokens.getOtherClaims().get(ExpirationParameters.REFRESH_TOKEN_EXPIRES_IN), "the same value as refresh_expires_in");
        assertTrue(sessionAttributes.isEmpty());
    }

    @Test
    void everyOtherMethodIsTheBuiltInGrants() throws Exception {
        PolicyGrantType grant = new PolicyGrantType(builtIn);

        assertEquals(EventType.TOKEN_EXCHANGE, grant.getEventType());
        assertEquals(Set.of(OAuth2Constants.AUDIENCE), grant.getSupportedMultivaluedRequestParameters());
        grant.close();
        assertTrue(builtIn.closed);
    }

    // ---- fixtures ------------------------------------------------------------------------------------------------

    private Response process(String grantType, String... params) {
        return new PolicyGrantType(builtIn).process(context(grantType, params));
    }

    /** A token request of {@code grantType} from client {@code app} of a realm with {@link #realmSettings}. */
    private OAuth2GrantType.Context context(String grantType, String... params) {
        ComponentModel store = new ComponentModel();
        store.setProviderId(PolicyStoreFactory.PROVIDER_ID);
        store.setProviderType(PolicyStore.class.getName());
        store.setParentId(realmName);
        realmSettings.forEach(store::put);
        // the realm cache lists every component of the realm: only this realm's store counts
        ComponentModel otherParent = new ComponentModel(store);
        otherParent.setParentId("another-parent");
        otherParent.put(PolicyField.ISSUE_REFRESH_TOKENS.key(), "false");
        // the console's tab: same parent and keys, another type
        ComponentModel tab = new ComponentModel(otherParent);
        tab.setParentId(realmName);
        tab.setProviderType(UiTabProvider.class.getName());
        RealmModel realm = Stub.of(RealmModel.class, Map.of(
                "getId", returns(realmName),
                "getName", returns(realmName),
                "getComponentsStream", args -> {
                    // the list as the realm cache holds it; getComponentsStream(parent, type) copies the cache's index
                    assertTrue(args == null || args.length == 0, "getComponentsStream() without arguments");
                    return realmSettings.isEmpty() ? Stream.of(otherParent, tab) : Stream.of(otherParent, tab, store);
                }));
        ClientModel client = Stub.of(ClientModel.class, Map.of(
                "getClientId", returns("app"),
                "getAttribute", args -> clientAttributes.get((String) args[0])));
        KeycloakContext keycloakContext = Stub.of(KeycloakContext.class, Map.of("getRealm", returns(realm), "getClient", returns(client)));
        KeycloakTransactionManager transaction = Stub.of(KeycloakTransactionManager.class, Map.of("setRollbackOnly", args -> rolledBack = true));
        KeycloakSession session = Stub.of(KeycloakSession.class, Map.<String, Function<Object[], Object>>of(
                "getContext", returns(keycloakContext),
                "getKeycloakSessionFactory", returns(Stub.of(KeycloakSessionFactory.class)),
                "getTransactionManager", returns(transaction),
                // a token manager that verifies no token: the subject tokens here are not signed by the realm
                "tokens", returns(Stub.of(TokenManager.class)),
                "setAttribute", args -> sessionAttributes.put((String) args[0], args[1]),
                "getAttribute", args -> sessionAttributes.get((String) args[0]),
                "removeAttribute", args -> sessionAttributes.remove((String) args[0])));
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(OAuth2Constants.GRANT_TYPE, grantType);
        for (int i = 0; i < params.length; i += 2) {
            form.putSingle(params[i], params[i + 1]);
        }
        event = new RecordingEvent(realm, session);
        return new OAuth2GrantType.Context(session, OIDCAdvancedConfigWrapper.fromClientModel(client), Map.of(), form, event, null, null);
    }

    private static Response tokens(String refreshToken, int refreshExpiresIn, String scope) {
        AccessTokenResponse tokens = new AccessTokenResponse();
        tokens.setToken("access-token-value");
        tokens.setRefreshToken(refreshToken);
        tokens.setRefreshExpiresIn(refreshExpiresIn);
        tokens.setScope(scope);
        return Response.ok(tokens).build();
    }

    private static AccessTokenResponse entity(Response response) {
        return (AccessTokenResponse) response.getEntity();
    }

    private double suppressed(String reason) {
        Counter counter = meters.find("keycloak.refresh_token_policy.issuance.suppressed").tags("realm", realmName, "reason", reason).counter();
        return counter == null ? 0.0 : counter.count();
    }

    /** Keycloak's built-in grant as the wrapper sees it: records what it is given, answers {@link #answer}. */
    private static final class BuiltInGrant implements OAuth2GrantType {

        Response answer;
        Consumer<Context> during = context -> { };
        MultivaluedMap<String, String> form;
        Object config;
        MultivaluedMap<String, String> preProcessed;
        boolean closed;

        @Override
        public Response process(Context context) {
            form = context.getFormParams();
            config = context.getClientConfig();
            during.accept(context);
            return answer;
        }

        @Override
        public EventType getEventType() {
            return EventType.TOKEN_EXCHANGE;
        }

        // the line's own grant methods (forwarded on every line: WrappersForwardEverythingTest)
        public Set<String> getTokenParameterNames() {
            return Set.of(OAuth2Constants.SUBJECT_TOKEN);
        }

        @Override
        public Set<String> getSupportedMultivaluedRequestParameters() {
            return Set.of(OAuth2Constants.AUDIENCE);
        }

        // the line's own grant methods (forwarded on every line: WrappersForwardEverythingTest)
        public void preProcess(KeycloakSession session, MultivaluedMap<String, String> formParams) {
            preProcessed = formParams;
        }

        // the line's own grant methods (forwarded on every line: WrappersForwardEverythingTest)
        public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
            return false;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Keeps the event instead of sending it (sending needs the server's listeners and tracing). */
    private static final class RecordingEvent extends EventBuilder {

        RecordingEvent(RealmModel realm, KeycloakSession session) {
            super(realm, session);
            event(EventType.LOGIN);
        }

        @Override
        public void error(String error) {
            getEvent().setError(error);
        }
    }
}
