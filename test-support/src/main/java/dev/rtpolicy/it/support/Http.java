package dev.rtpolicy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Raw HTTP: what an OAuth client or an admin script sends, nothing more. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    /** Cookies by name, for {@link #browser()}; attributes are ignored (one host, plain HTTP). */
    private final Map<String, String> cookies;

    private Http(HttpClient client, Map<String, String> cookies) {
        this.client = client;
        this.cookies = cookies;
    }

    /** A client without cookies that never follows redirects. */
    public static Http plain() {
        return new Http(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build(), null);
    }

    /** A client with its own cookie jar, like one browser. */
    public static Http browser() {
        return new Http(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build(), new LinkedHashMap<>());
    }

    /** A response: status, body and headers. */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return body == null || body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (status " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Response get(String url, String bearer) {
        return get(url, bearer, Map.of());
    }

    public Response get(String url, String bearer, Map<String, String> headers) {
        HttpRequest.Builder builder = request(url, bearer);
        headers.forEach(builder::header);
        return send(builder.GET().build());
    }

    public Response postForm(String url, Map<String, String> form) {
        return postForm(url, form, Map.of());
    }

    public Response postForm(String url, Map<String, String> form, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded");
        headers.forEach(builder::header);
        return send(builder.POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build());
    }

    /** A POST with any content type and body, as a hostile client may send. */
    public Response postRaw(String url, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response sendJson(String method, String url, String bearer, String body) {
        return send(request(url, bearer).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response delete(String url, String bearer) {
        return send(request(url, bearer).DELETE().build());
    }

    private static HttpRequest.Builder request(String url, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        if (cookies != null && !cookies.isEmpty()) {
            String header = cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
            request = HttpRequest.newBuilder(request, (name, value) -> true).header("Cookie", header).build();
        }
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (cookies != null) {
                for (String setCookie : response.headers().allValues("Set-Cookie")) {
                    String[] pair = setCookie.split(";", 2)[0].split("=", 2);
                    if (pair.length == 2 && !pair[1].isEmpty() && !setCookie.contains("Max-Age=0")) {
                        cookies.put(pair[0].trim(), pair[1].trim());
                    } else {
                        cookies.remove(pair[0].trim());
                    }
                }
            }
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static Map<String, String> form(String... keyValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                form.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return form;
    }
}
