package dev.duet.test;

import dev.duet.Headers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response the {@link TestClient} received. */
public record TestResponse(int status, Headers headers, byte[] body) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public String header(String name) {
        return headers.get(name);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

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
