package dev.duet.jobs.internal;

import com.github.kagkarlsson.scheduler.serializer.Serializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * db-scheduler's task data as JSON, {@code {"payload": …, "requestId": "…"}}, so a row can be read
 * by people and other languages (db-scheduler's default is Java serialization).
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
        ObjectNode node = mapper.createObjectNode();
        node.set("payload", mapper.readTree(e.payload()));
        node.put("requestId", e.requestId());
        return mapper.writeValueAsBytes(node);
    }

    @Override
    public <T> T deserialize(Class<T> clazz, byte[] bytes) {
        if (bytes == null) return null;
        JsonNode node = mapper.readTree(new String(bytes, StandardCharsets.UTF_8));
        JsonNode request = node.get("requestId");
        Envelope e = new Envelope(node.path("payload").toString(), request == null || request.isNull() ? null : request.asString());
        return clazz.cast(e);
    }
}
