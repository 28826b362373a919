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

    public static TestRequest of(String method, String uri) {
        return new TestRequest(method, uri);
    }

    public static TestRequest get(String uri) {
        return new TestRequest("GET", uri);
    }

    public static TestRequest post(String uri) {
        return new TestRequest("POST", uri);
    }

    public TestRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public TestRequest body(byte[] body, String contentType) {
        this.body = body;
        if (contentType != null) headers.put("Content-Type", contentType);
        return this;
    }

    public TestRequest body(String body, String contentType) {
        return body(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public TestRequest json(Object value) {
        return body(JSON.writeValueAsBytes(value), "application/json");
    }

    public TestRequest form(Map<String, String> fields) {
        return body(TestClient.formBody(fields), "application/x-www-form-urlencoded");
    }

    public String method() {
        return method;
    }

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
