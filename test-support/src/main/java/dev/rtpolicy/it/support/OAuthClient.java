package dev.rtpolicy.it.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standard OAuth 2.0 client of one realm, speaking raw HTTP to Keycloak's endpoints: the authorization code flow
 * through the real login form (with PKCE), the implicit flow, and the token, introspection and revocation endpoints
 * with {@code client_id}/{@code client_secret} form parameters (client_secret_post).
 */
public final class OAuthClient {

    public static final String REDIRECT_URI = "http://127.0.0.1:1/callback";
    private static final Pattern ANY_FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final KeycloakServer server;
    private final String realmUrl;
    private final String clientId;
    private final String clientSecret;
    private final Http http = Http.plain();

    public OAuthClient(KeycloakServer server, String realm, String clientId, String clientSecret) {
        this.server = server;
        this.realmUrl = server.baseUrl() + "/realms/" + realm;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public String tokenEndpoint() {
        return realmUrl + "/protocol/openid-connect/token";
    }

    public Http.Response password(String username, String password, String scope) {
        return token(Http.form("grant_type", "password", "username", username, "password", password, "scope", scope));
    }

    public Http.Response password(String username, String password, String scope, DPoP key) {
        return token(Http.form("grant_type", "password", "username", username, "password", password, "scope", scope), key);
    }

    public Http.Response refresh(String refreshToken, String scope, DPoP key) {
        return token(Http.form("grant_type", "refresh_token", "refresh_token", refreshToken, "scope", scope), key);
    }

    public Http.Response refresh(String refreshToken, String scope) {
        return token(Http.form("grant_type", "refresh_token", "refresh_token", refreshToken, "scope", scope));
    }

    public Http.Response clientCredentials() {
        return token(Http.form("grant_type", "client_credentials"));
    }

    public Http.Response introspect(String token, String hint) {
        return http.postForm(realmUrl + "/protocol/openid-connect/token/introspect",
                withClientAuth(Http.form("token", token, "token_type_hint", hint)));
    }

    public Http.Response revoke(String token, String hint) {
        return http.postForm(realmUrl + "/protocol/openid-connect/revoke", withClientAuth(Http.form("token", token, "token_type_hint", hint)));
    }

    public Http.Response token(Map<String, String> form) {
        return http.postForm(tokenEndpoint(), withClientAuth(form));
    }

    /** A token request with an RFC 9449 DPoP proof of {@code key}. */
    public Http.Response token(Map<String, String> form, DPoP key) {
        return http.postForm(tokenEndpoint(), withClientAuth(form), Map.of("DPoP", key.proof("POST", tokenEndpoint())));
    }

    /** RFC 8693 token exchange of an access token for a refresh token. */
    public Http.Response exchangeForRefreshToken(String accessToken) {
        return token(Http.form("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", accessToken,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"));
    }

    /**
     * RFC 8693 token exchange of an access token with no {@code requested_token_type}: the server's choice of token
     * type (token exchange v1 picks a refresh token, standard token exchange an access token).
     */
    public Http.Response exchange(String accessToken) {
        return token(Http.form("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", accessToken,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));
    }

    /**
     * UMA 2.0 grant for all permissions the user has at {@code audience} (a resource server): a confidential client
     * authenticates itself and presents the user's access token as {@code subject_token}; a public client presents it
     * as its bearer token.
     */
    public Http.Response uma(String audience, String userAccessToken) {
        Map<String, String> form = Http.form("grant_type", "urn:ietf:params:oauth:grant-type:uma-ticket", "audience", audience);
        if (clientSecret != null) {
            form.put("subject_token", userAccessToken);
            return token(form);
        }
        return http.postForm(tokenEndpoint(), form, Map.of("Authorization", "Bearer " + userAccessToken));
    }

    /**
     * RFC 8628 device authorization grant: the device asks for a code, the user logs in on "another device" (a
     * browser) at the verification URI and approves, the device polls the token endpoint.
     */
    public Http.Response deviceFlow(String username, String password, String scope) {
        Http.Response authorization = http.postForm(realmUrl + "/protocol/openid-connect/auth/device", withClientAuth(Http.form("scope", scope)));
        if (authorization.status() != 200) {
            throw new AssertionError("device authorization failed: " + authorization.body());
        }
        Http browser = Http.browser();
        Http.Response page = follow(browser, browser.get(authorization.json().get("verification_uri_complete").asText(), null));
        Matcher login = FORM_ACTION.matcher(page.body());
        if (!login.find()) {
            throw new AssertionError("no login form on the verification page (HTTP " + page.status() + ")");
        }
        page = follow(browser, browser.postForm(absolute(login.group(1)), Http.form("username", username, "password", password)));
        Matcher consent = ANY_FORM_ACTION.matcher(page.body());
        if (page.body().contains("name=\"accept\"") && consent.find()) {
            page = follow(browser, browser.postForm(absolute(consent.group(1)), Http.form("accept", "Yes")));
        }
        return token(Http.form("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "device_code", authorization.json().get("device_code").asText()));
    }

    /**
     * OpenID CIBA in poll mode: the client starts a backchannel authentication, Keycloak asks the user's
     * authentication device (played here by a small HTTP server), the device approves through Keycloak's callback
     * endpoint, and the client polls the token endpoint.
     */
    public Http.Response ciba(String loginHint, String scope) {
        java.util.concurrent.CompletableFuture<String> deviceBearer = new java.util.concurrent.CompletableFuture<>();
        com.sun.net.httpserver.HttpServer device;
        try {
            device = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", server.cibaChannelPort()), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        device.createContext("/ciba", exchange -> {
            deviceBearer.complete(exchange.getRequestHeaders().getFirst("Authorization").substring("Bearer ".length()));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        device.start();
        try {
            Http.Response started = http.postForm(realmUrl + "/protocol/openid-connect/ext/ciba/auth",
                    withClientAuth(Http.form("login_hint", loginHint, "scope", scope)));
            if (started.status() != 200) {
                throw new AssertionError("backchannel authentication failed: " + started.body());
            }
            String bearer = deviceBearer.get(30, java.util.concurrent.TimeUnit.SECONDS);
            Http.Response approved = http.sendJson("POST", realmUrl + "/protocol/openid-connect/ext/ciba/auth/callback", bearer, "{\"status\": \"SUCCEED\"}");
            if (approved.status() != 200) {
                throw new AssertionError("CIBA approval failed: " + approved.body());
            }
            return token(Http.form("grant_type", "urn:openid:params:grant-type:ciba", "auth_req_id", started.json().get("auth_req_id").asText()));
        } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the authentication device was never asked", e);
        } finally {
            device.stop(0);
        }
    }

    private String absolute(String htmlUrl) {
        return URI.create(realmUrl).resolve(htmlUrl.replace("&amp;", "&")).toString();
    }

    private Http.Response follow(Http browser, Http.Response response) {
        for (int i = 0; i < 10 && response.status() == 302; i++) {
            response = browser.get(URI.create(realmUrl).resolve(response.header("Location")).toString(), null);
        }
        return response;
    }

    private Map<String, String> withClientAuth(Map<String, String> form) {
        form.put("client_id", clientId);
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        }
        return form;
    }

    /** Logs in through the login form with PKCE (S256) and exchanges the code at the token endpoint. */
    public Http.Response authorizationCode(String username, String password, String scope) {
        return authorizationCode(Http.browser(), username, password, scope);
    }

    /** As above in the given browser: with an SSO session there, no login form is shown. */
    public Http.Response authorizationCode(Http browser, String username, String password, String scope) {
        return authorizationCode(browser, username, password, scope, null);
    }

    /** As above, with an RFC 9449 DPoP proof of {@code key} on the code exchange ({@code null}: none). */
    public Http.Response authorizationCode(Http browser, String username, String password, String scope, DPoP key) {
        String verifier = randomUrlSafe(48);
        Map<String, String> query = Http.form("response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT_URI,
                "scope", scope, "state", randomUrlSafe(12), "code_challenge", s256(verifier), "code_challenge_method", "S256");
        Map<String, String> callback = login(browser, query, username, password, false);
        String code = callback.get("code");
        if (code == null) {
            throw new AssertionError("no code in callback: " + callback);
        }
        Map<String, String> exchange = Http.form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI, "code_verifier", verifier);
        return key == null ? token(exchange) : token(exchange, key);
    }

    /**
     * An application-initiated action ({@code kc_action}, e.g. {@code UPDATE_PASSWORD}) in a browser that holds an SSO
     * session: submits the action's form with {@code fields}; the parameters of the redirect back to the client.
     */
    public Map<String, String> applicationInitiatedAction(Http browser, String kcAction, Map<String, String> fields) {
        Map<String, String> query = Http.form("response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT_URI,
                "state", randomUrlSafe(12), "kc_action", kcAction);
        Http.Response page = browser.get(realmUrl + "/protocol/openid-connect/auth?" + Http.formBody(query), null);
        for (int hops = 0; page.status() == 302 && !page.header("Location").startsWith(REDIRECT_URI) && hops < 3; hops++) {
            page = browser.get(page.header("Location"), null);
        }
        Matcher action = ANY_FORM_ACTION.matcher(page.body());
        if (page.status() != 200 || !action.find()) {
            throw new AssertionError("no form for " + kcAction + " (HTTP " + page.status() + " " + page.header("Location") + ")");
        }
        Http.Response submitted = browser.postForm(action.group(1).replace("&amp;", "&"), fields);
        String location = submitted.header("Location");
        if (submitted.status() != 302 || location == null || !location.startsWith(REDIRECT_URI)) {
            throw new AssertionError(kcAction + " did not redirect to the client (HTTP " + submitted.status() + ")");
        }
        return parameters(URI.create(location).getRawQuery());
    }

    /** The implicit flow (response_type=token): the parameters of the redirect's fragment. */
    public Map<String, String> implicit(String username, String password, String scope) {
        Map<String, String> query = Http.form("response_type", "token", "client_id", clientId, "redirect_uri", REDIRECT_URI,
                "scope", scope, "state", randomUrlSafe(12), "nonce", randomUrlSafe(12));
        return login(Http.browser(), query, username, password, true);
    }

    private Map<String, String> login(Http browser, Map<String, String> query, String username, String password, boolean fragment) {
        Http.Response page = browser.get(realmUrl + "/protocol/openid-connect/auth?" + Http.formBody(query), null);
        if (page.status() == 302 && page.header("Location").startsWith(REDIRECT_URI)) {
            return parameters(fragment ? URI.create(page.header("Location")).getRawFragment() : URI.create(page.header("Location")).getRawQuery());
        }
        Matcher action = FORM_ACTION.matcher(page.body());
        if (page.status() != 200 || !action.find()) {
            throw new AssertionError("no login form (HTTP " + page.status() + ")");
        }
        Http.Response submitted = browser.postForm(action.group(1).replace("&amp;", "&"), Http.form("username", username, "password", password));
        String location = submitted.header("Location");
        if (submitted.status() != 302 || location == null || !location.startsWith(REDIRECT_URI)) {
            throw new AssertionError("login did not redirect to the client (HTTP " + submitted.status() + ")");
        }
        URI uri = URI.create(location);
        return parameters(fragment ? uri.getRawFragment() : uri.getRawQuery());
    }

    private static Map<String, String> parameters(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                parameters.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
