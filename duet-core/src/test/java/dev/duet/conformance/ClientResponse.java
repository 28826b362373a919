package dev.duet.conformance;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A response as the client received it: status, headers (multi-valued, names case-insensitive)
 * and the body bytes.
 */
public final class ClientResponse {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    public ClientResponse(int status, Map<String, List<String>> headers, byte[] body) {
        this.status = status;
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> h.computeIfAbsent(name, k -> new java.util.ArrayList<>()).addAll(values));
        h.replaceAll((k, v) -> List.copyOf(v));
        this.headers = Collections.unmodifiableMap(h);
        this.body = body.clone();
    }

    public int status() {
        return status;
    }

    /** Every header, names case-insensitive. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    /** Every value of header {@code name}, in order; empty if none. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    public byte[] body() {
        return body.clone();
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON (a Map, List, String, Number, Boolean or null). */
    public Object json() {
        return JSON.readValue(body, Object.class);
    }

    /** The body parsed as a JSON object. */
    public Map<String, Object> jsonMap() {
        return JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
    }

    public <T> T json(Class<T> type) {
        return JSON.readValue(body, type);
    }

    /** The media type of Content-Type without parameters, lower case; null if absent. */
    public String mediaType() {
        String ct = header("Content-Type");
        if (ct == null) return null;
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        String text = text();
        return "ClientResponse[" + status + " " + header("Content-Type") + " "
                + (text.length() > 300 ? text.substring(0, 300) + "..." : text) + "]";
    }
}
