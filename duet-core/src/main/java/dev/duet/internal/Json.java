package dev.duet.internal;

import dev.duet.HttpError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.lang.reflect.Type;
import java.net.URL;
import java.security.CodeSource;

/** The app's JSON codec: Jackson, with input errors turned into precise 400s. */
public final class Json {
    private final JsonMapper mapper;

    public Json(JsonMapper mapper) {
        this.mapper = mapper;
    }

    private static volatile Json defaults;

    /** A codec with Jackson's defaults; immutable, so one is shared. */
    public static Json defaults() {
        Json d = defaults;
        // Two threads may both build one the first time: harmless, they are equal and immutable.
        if (d == null) defaults = d = new Json(builder().build());
        return d;
    }

    /**
     * A Jackson builder. Fails with a message that says what to do when the class path holds
     * Jackson pieces that do not match, which a library built on Jackson 2 can bring about (it
     * shares {@code jackson-annotations} with Jackson 3).
     */
    public static JsonMapper.Builder builder() {
        try {
            return JsonMapper.builder();
        } catch (LinkageError e) {
            throw new IllegalStateException(mismatchedJackson(e), e);
        }
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

    private static String mismatchedJackson(LinkageError e) {
        return "Jackson 3 cannot start (" + e + "): its jars on the class path do not match: jackson-annotations "
                + versionOf(JsonProperty.class) + ". Another dependency of the app most likely brought an older "
                + "com.fasterxml.jackson.core:jackson-annotations (Jackson 2 uses it too). Import dev.duet:duet-bom in the "
                + "build's dependencyManagement (see Duet's README), or declare jackson-annotations at the version Jackson "
                + tools.jackson.databind.cfg.PackageVersion.VERSION + " needs.";
    }

    private static String versionOf(Class<?> c) {
        String version = c.getPackage().getImplementationVersion();
        CodeSource source = c.getProtectionDomain().getCodeSource();
        URL where = source == null ? null : source.getLocation();
        return (version == null ? "(version unknown)" : version) + (where == null ? "" : " from " + where);
    }
}
