package dev.duet.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.duet.HttpError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.lang.reflect.Type;
import java.net.URL;
import java.security.CodeSource;

/**
 * The app's JSON codec: Jackson with Duet's rules ({@link dev.duet.DuetJson}), and errors in the
 * request body turned into 400s that say what is wrong in the sender's terms ({@link JsonErrors}).
 */
public final class Json {
    private static volatile Json defaults;

    private final JsonMapper mapper;

    public Json(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The codec a new app starts with: the shared one, or in dev mode one of its own. Jackson caches
     * what it learns of each class it meets, keyed by the class: in the shared codec, the classes of
     * every app that {@code duet run} swapped out (and through them their class loaders) would stay
     * for the life of the JVM.
     */
    public static Json forApp(boolean dev) {
        return dev ? new Json(builder().build()) : defaults();
    }

    /** A codec with Duet's rules; immutable, so one is shared. */
    public static Json defaults() {
        Json d = defaults;
        // Two threads may both build one the first time: harmless, they are equal and immutable.
        if (d == null) defaults = d = new Json(builder().build());
        return d;
    }

    /**
     * A Jackson builder set up with Duet's rules. Fails with a message that says what to do when
     * the class path holds Jackson pieces that do not match, which a library built on Jackson 2
     * can bring about (it shares {@code jackson-annotations} with Jackson 3).
     */
    public static JsonMapper.Builder builder() {
        JsonMapper.Builder builder;
        try {
            builder = JsonMapper.builder();
        } catch (LinkageError e) {
            throw new IllegalStateException(mismatchedJackson(e), e);
        }
        SimpleModule times = new SimpleModule("duet-times");
        JsonTimes.register(times);
        SimpleModule numbers = new SimpleModule("duet-numbers");
        JsonNumbers.register(numbers);
        return builder
                .addModule(times)
                .addModule(numbers)
                // {"role":"user","role":"admin"}: a check that read the first and code that reads the last disagree.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Written the same way whatever Jackson's defaults become: every field, nulls included.
                .changeDefaultPropertyInclusion(v -> JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS))
                // 1.5 read into an int would silently become 1.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public byte[] write(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    /**
     * Reads {@code body} as {@code type}. Malformed JSON, or JSON that does not fit the type, is a
     * 400 naming the problem; a type Jackson cannot read at all is the app's bug, and a 500.
     */
    public <T> T read(byte[] body, Type type) {
        if (isBlank(body)) throw HttpError.badRequest("Expected a JSON body, got an empty body");
        JsonText.check(body);
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        try {
            return mapper.readValue(body, javaType);
        } catch (JacksonException e) {
            throw JsonErrors.translate(e, javaType);
        }
    }

    /**
     * True if {@code contentType} is JSON's: {@code application/json} or a {@code +json} type
     * ({@code application/problem+json}), with any parameters; {@code application/jsonx} is not.
     */
    public static boolean isJsonType(String contentType) {
        String essence = MediaTypes.essence(contentType);
        int slash = essence.indexOf('/');
        return essence.equals("application/json") || (slash > 0 && essence.endsWith("+json") && essence.length() > slash + 6);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        }
        return true;
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
