package dev.rtpolicy.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** Keycloak's admin REST API as the master realm's admin (or any bearer) uses it. */
public final class Admin {

    private final KeycloakServer server;
    private final Http http = Http.plain();
    private final List<String> createdRealms = new ArrayList<>();
    private String token;
    private long tokenExpiresAtMillis;

    public Admin(KeycloakServer server) {
        this.server = server;
    }

    public String url(String path) {
        return server.baseUrl() + "/admin/realms" + path;
    }

    /** A master-realm admin token, renewed before it expires. */
    public synchronized String token() {
        if (token == null || System.currentTimeMillis() > tokenExpiresAtMillis) {
            JsonNode response = userToken("master", "admin-cli", "admin", "admin");
            token = response.get("access_token").asText();
            tokenExpiresAtMillis = System.currentTimeMillis() + (response.get("expires_in").asLong() - 15) * 1000;
        }
        return token;
    }

    /** A password-grant token of any user (used for the permission matrix). */
    public JsonNode userToken(String realm, String clientId, String username, String password) {
        Http.Response response = http.postForm(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token",
                Http.form("grant_type", "password", "client_id", clientId, "username", username, "password", password));
        if (response.status() != 200) {
            throw new IllegalStateException("admin login failed: " + response.body());
        }
        return response.json();
    }

    public Http.Response get(String path) {
        return http.get(url(path), token());
    }

    public Http.Response put(String path, String json) {
        return http.sendJson("PUT", url(path), token(), json);
    }

    public Http.Response post(String path, String json) {
        return http.sendJson("POST", url(path), token(), json);
    }

    public Http.Response delete(String path) {
        return http.delete(url(path), token());
    }

    public Http.Response as(String bearer, String method, String path, String json) {
        return http.sendJson(method, url(path), bearer, json);
    }

    /** Creates a realm from a hand-written JSON under {@code realms/}, with {@code ${realm}} replaced by a fresh name. */
    public String createRealm(String resource) {
        String name = resource.replace(".json", "") + "-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Response response = post("", load(resource).replace("${realm}", name));
        if (response.status() != 201) {
            throw new IllegalStateException("realm import failed: " + response.status() + " " + response.body());
        }
        synchronized (createdRealms) {
            createdRealms.add(name);
        }
        return name;
    }

    /** How many realms {@link #createRealm} has created so far: a mark for {@link #deleteRealmsCreatedSince}. */
    public int createdRealmCount() {
        synchronized (createdRealms) {
            return createdRealms.size();
        }
    }

    /** Deletes the realms {@link #createRealm} created after {@code mark}, newest first (one a test deleted itself is fine). */
    public void deleteRealmsCreatedSince(int mark) {
        List<String> doomed;
        synchronized (createdRealms) {
            List<String> since = createdRealms.subList(mark, createdRealms.size());
            doomed = new ArrayList<>(since);
            since.clear();
        }
        for (int i = doomed.size() - 1; i >= 0; i--) {
            Http.Response response = delete("/" + doomed.get(i));
            if (response.status() != 204 && response.status() != 404) {
                throw new IllegalStateException("realm deletion failed: " + response.status() + " " + response.body());
            }
        }
    }

    public String clientUuid(String realm, String clientId) {
        JsonNode clients = get("/" + realm + "/clients?clientId=" + Http.encode(clientId)).json();
        if (clients.size() != 1) {
            throw new IllegalStateException("no client " + clientId + " in " + realm);
        }
        return clients.get(0).get("id").asText();
    }

    /** The id of the user named {@code username} in {@code realm}. */
    public String userId(String realm, String username) {
        return expect(200, get("/" + realm + "/users?exact=true&username=" + username)).json().get(0).get("id").asText();
    }

    public JsonNode policy(String realm) {
        return expect(200, get("/" + realm + "/refresh-token-policy")).json();
    }

    public JsonNode setPolicy(String realm, String json) {
        return expect(200, put("/" + realm + "/refresh-token-policy", json)).json();
    }

    public JsonNode setClientPolicy(String realm, String clientId, String json) {
        return expect(200, put("/" + realm + "/refresh-token-policy/clients/" + clientUuid(realm, clientId), json)).json();
    }

    public static Http.Response expect(int status, Http.Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + response.status() + ": " + response.body());
        }
        return response;
    }

    static String load(String resource) {
        try (InputStream in = Admin.class.getResourceAsStream("/realms/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no realm JSON " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
