package dev.duet.cli.internal;

import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The little JSON the reports print: objects, arrays, strings, numbers, booleans and null. */
public final class JsonOut {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonOut() {
    }

    /** {@code value} as JSON: a Map is an object (in its order), a List an array, a Number or Boolean itself, else a string. */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(plain(value));
    }

    // Durations, paths and the like print as their text, as the table shows them, not as Jackson would.
    private static Object plain(Object v) {
        return switch (v) {
            case null -> null;
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
                yield out;
            }
            case List<?> l -> l.stream().map(JsonOut::plain).toList();
            case Number n -> n;
            case Boolean b -> b;
            default -> v.toString();
        };
    }
}
