package dev.duet.jobs.internal;

import com.github.kagkarlsson.scheduler.serializer.Serializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/**
 * db-scheduler's task data as JSON, {@code {"payload": …, "requestId": "…", "traceparent": "…",
 * "tracestate": "…"}} (the trace fields only when there is a trace), so a row can be read by people
 * and other languages (db-scheduler's default is Java serialization).
 */
public final class EnvelopeSerializer implements Serializer {
    private final JsonMapper mapper;

    public EnvelopeSerializer(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public byte[] serialize(Object data) {
        if (data == null) return null;
        if (!(data instanceof Envelope e)) throw new IllegalArgumentException("duet-jobs stores envelopes only, not " + data.getClass());
        // The payload is JSON that Jobs.enqueue wrote itself, so it is spliced in as it is rather
        // than parsed again; the strings are quoted by the mapper.
        StringBuilder json = new StringBuilder(e.payload().length() + 160).append("{\"payload\":").append(e.payload())
                .append(",\"requestId\":").append(mapper.writeValueAsString(e.requestId()));
        if (e.traceparent() != null) json.append(",\"traceparent\":").append(mapper.writeValueAsString(e.traceparent()));
        if (e.tracestate() != null) json.append(",\"tracestate\":").append(mapper.writeValueAsString(e.tracestate()));
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <T> T deserialize(Class<T> clazz, byte[] bytes) {
        if (bytes == null) return null;
        JsonNode node = mapper.readTree(bytes);
        return clazz.cast(new Envelope(node.path("payload").toString(), text(node, "requestId"), text(node, "traceparent"),
                text(node, "tracestate")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
