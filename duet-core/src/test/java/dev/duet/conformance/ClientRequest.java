package dev.duet.conformance;

import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request a {@link Harness.Client} sends: method, request target (path and query, already
 * percent-encoded as it should appear on the wire), headers, body.
 *
 * <pre>{@code
 * client.send(ClientRequest.post("/users").json(Map.of("name", "Ada")).header("Accept", "application/json"));
 * }</pre>
 */
public final class ClientRequest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String method;
    private final String uri;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    private ClientRequest(String method, String uri) {
        if (!uri.startsWith("/")) throw new IllegalArgumentException("a request target starts with '/': " + uri);
        this.method = method;
        this.uri = uri;
    }

    public static ClientRequest of(String method, String uri) {
        return new ClientRequest(method, uri);
    }

    public static ClientRequest get(String uri) {
        return of("GET", uri);
    }

    public static ClientRequest head(String uri) {
        return of("HEAD", uri);
    }

    public static ClientRequest post(String uri) {
        return of("POST", uri);
    }

    public static ClientRequest put(String uri) {
        return of("PUT", uri);
    }

    public static ClientRequest delete(String uri) {
        return of("DELETE", uri);
    }

    public static ClientRequest options(String uri) {
        return of("OPTIONS", uri);
    }

    /** Adds a header (a second call with the same name sets it again; see the harness for repeats). */
    public ClientRequest header(String name, String value) {
        headers.removeIf(e -> e.getKey().equalsIgnoreCase(name));
        headers.add(Map.entry(name, value));
        return this;
    }

    public ClientRequest accept(String mediaType) {
        return header("Accept", mediaType);
    }

    public ClientRequest body(byte[] body, String contentType) {
        this.body = body.clone();
        if (contentType != null) header("Content-Type", contentType);
        return this;
    }

    public ClientRequest body(String body, String contentType) {
        return body(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public ClientRequest json(Object value) {
        return body(JSON.writeValueAsBytes(value), "application/json");
    }

    /** A url-encoded form body (UTF-8), fields in the order given. */
    public ClientRequest form(Map<String, String> fields) {
        String encoded = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return body(encoded, "application/x-www-form-urlencoded");
    }

    public String method() {
        return method;
    }

    public String uri() {
        return uri;
    }

    public List<Map.Entry<String, String>> headers() {
        return List.copyOf(headers);
    }

    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
