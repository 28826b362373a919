package dev.duet.test;

import dev.duet.Headers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response the {@link TestClient} received. */
public record TestResponse(int status, Headers headers, byte[] body) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The body decoded as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body read as JSON into {@code type}. */
    public <T> T json(Class<T> type) {
        return JSON.readValue(body, type);
    }

    /** The body as a JSON object. */
    public Map<String, Object> jsonMap() {
        return JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
    }

    @Override
    public String toString() {
        return "TestResponse[" + status + ", " + headers.get("Content-Type") + ", " + text() + "]";
    }
}
