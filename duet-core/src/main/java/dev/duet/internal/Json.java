package dev.duet.internal;

import dev.duet.HttpError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Type;

/** The app's JSON codec: Jackson, with input errors turned into precise 400s. */
public final class Json {
    private final JsonMapper mapper;

    public Json(JsonMapper mapper) {
        this.mapper = mapper;
    }

    private static final Json DEFAULT = new Json(JsonMapper.builder().build());

    /** A codec with Jackson's defaults; immutable, so one is shared. */
    public static Json defaults() {
        return DEFAULT;
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public byte[] write(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    /** Reads {@code body} as {@code type}; malformed or mismatched JSON becomes a 400 naming the problem. */
    public <T> T read(byte[] body, Type type) {
        if (body.length == 0) throw HttpError.badRequest("Expected a JSON body, got an empty body");
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        try {
            return mapper.readValue(body, javaType);
        } catch (StreamReadException e) {
            throw new HttpError(400, "Malformed JSON: " + e.getOriginalMessage() + location(e), e);
        } catch (JacksonException e) {
            throw new HttpError(400, "Invalid JSON for " + javaType.getRawClass().getSimpleName() + ": "
                    + e.getOriginalMessage() + location(e), e);
        }
    }

    private static String location(JacksonException e) {
        var loc = e.getLocation();
        if (loc == null || loc.getLineNr() < 0) return "";
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
}
