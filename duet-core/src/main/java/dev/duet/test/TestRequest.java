package dev.duet.test;

import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request for the {@link TestClient}, built fluently: {@code TestRequest.post("/echo").json(Map.of("a", 1))}. */
public final class TestRequest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String method;
    private final String uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    private TestRequest(String method, String uri) {
        this.method = method;
        this.uri = uri;
    }

    /** A request with any {@code method} for {@code uri} (path and query, as sent on the wire). */
    public static TestRequest of(String method, String uri) {
        return new TestRequest(method, uri);
    }

    /** A GET of {@code uri}. */
    public static TestRequest get(String uri) {
        return new TestRequest("GET", uri);
    }

    /** A POST to {@code uri}; give it a body with {@link #body}, {@link #json}, {@link #form} or {@link #multipart}. */
    public static TestRequest post(String uri) {
        return new TestRequest("POST", uri);
    }

    /** Sets header {@code name} (one value; a later call replaces it). */
    public TestRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** {@code body} as is, with {@code contentType} (null: no Content-Type header). */
    public TestRequest body(byte[] body, String contentType) {
        this.body = body;
        if (contentType != null) headers.put("Content-Type", contentType);
        return this;
    }

    /** {@code body} encoded as UTF-8, with {@code contentType}. */
    public TestRequest body(String body, String contentType) {
        return body(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** {@code value} written as JSON, as {@code application/json}. */
    public TestRequest json(Object value) {
        return body(JSON.writeValueAsBytes(value), "application/json");
    }

    /** {@code fields} url-encoded, as {@code application/x-www-form-urlencoded}. */
    public TestRequest form(Map<String, String> fields) {
        return body(TestClient.formBody(fields), "application/x-www-form-urlencoded");
    }

    /** A {@code multipart/form-data} body with the fields and files {@code parts} adds (see {@link MultipartBody}). */
    public TestRequest multipart(java.util.function.Consumer<MultipartBody> parts) {
        MultipartBody body = MultipartBody.create();
        parts.accept(body);
        return body(body.bytes(), body.contentType());
    }

    /** The method, e.g. {@code GET}. */
    public String method() {
        return method;
    }

    /** The request target: path and query. */
    public String uri() {
        return uri;
    }

    Map<String, String> headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
