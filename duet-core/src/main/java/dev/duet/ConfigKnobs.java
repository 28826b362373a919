package dev.duet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.duet.ConfigValues.parseBoolean;
import static dev.duet.ConfigValues.parseDuration;
import static dev.duet.ConfigValues.parseErrorFormat;
import static dev.duet.ConfigValues.parseSize;

/** Every knob of {@link Config} by name, how its text sets it on a {@link Config.Builder}, and reading them from the environment ({@link Config.Builder#apply}). */
final class ConfigKnobs {
    private ConfigKnobs() {
    }

    /** Sets one knob from its text. */
    interface Setter {
        void set(String value);
    }

    static final Map<String, Function<Config.Builder, Setter>> KNOBS = Map.ofEntries(
            Map.entry("host", b -> v -> b.host = v),
            Map.entry("port", b -> v -> b.port = Integer.parseInt(v)),
            Map.entry("core", b -> v -> b.core = v),
            Map.entry("dev", b -> v -> b.dev = parseBoolean(v)),
            Map.entry("maxBodySize", b -> v -> b.maxBodySize = parseSize(v)),
            Map.entry("maxHeaderSize", b -> v -> b.maxHeaderSize = Math.toIntExact(parseSize(v))),
            Map.entry("maxUriLength", b -> v -> b.maxUriLength = Math.toIntExact(parseSize(v))),
            Map.entry("maxInFlight", b -> v -> b.maxInFlight = Integer.parseInt(v)),
            Map.entry("idleTimeout", b -> v -> b.idleTimeout = parseDuration(v)),
            Map.entry("readTimeout", b -> v -> b.readTimeout = parseDuration(v)),
            Map.entry("requestTimeout", b -> v -> b.requestTimeout = parseDuration(v)),
            Map.entry("shutdownGrace", b -> v -> b.shutdownGrace = parseDuration(v)),
            Map.entry("eventLoops", b -> v -> b.eventLoops = Integer.parseInt(v)),
            Map.entry("cpuThreads", b -> v -> b.cpuThreads = Integer.parseInt(v)),
            Map.entry("cpuQueue", b -> v -> b.cpuQueue = Integer.parseInt(v)),
            Map.entry("backgroundLimit", b -> v -> b.backgroundLimit = Integer.parseInt(v)),
            Map.entry("watchdogThreshold", b -> v -> b.watchdogThreshold = parseDuration(v)),
            Map.entry("trustedProxies", b -> v -> b.trustedProxies =
                    v.isEmpty() ? List.of() : List.of(v.split("\\s*,\\s*"))),
            Map.entry("serverHeader", b -> v -> b.serverHeader = v),
            Map.entry("errors", b -> v -> b.errors = parseErrorFormat(v)),
            Map.entry("secrets", b -> v -> b.secrets = v.isBlank() ? Secrets.none() : Secrets.of(v.split("\\s*,\\s*"))),
            Map.entry("devResources", b -> v -> b.devResources = v),
            // sessions
            Map.entry("sessionCookie", b -> v -> b.sessionCookie = v),
            Map.entry("sessionIdleTimeout", b -> v -> b.sessionIdleTimeout = parseDuration(v)),
            Map.entry("sessionMaxAge", b -> v -> b.sessionMaxAge = parseDuration(v)),
            Map.entry("sessionSecure", b -> v -> b.sessionSecure = parseBoolean(v)),
            // security
            Map.entry("csrf", b -> v -> b.csrf = parseBoolean(v)),
            Map.entry("trustedOrigins", b -> v -> b.trustedOrigins =
                    v.isEmpty() ? List.of() : List.of(v.split("\\s*,\\s*"))),
            Map.entry("securityHeaders", b -> v -> b.securityHeaders = parseBoolean(v)),
            Map.entry("contentSecurityPolicy", b -> v -> b.contentSecurityPolicy = v),
            Map.entry("hsts", b -> v -> b.hsts = v),
            Map.entry("compression", b -> v -> b.compression = parseBoolean(v)),
            Map.entry("compressionMinSize", b -> v -> b.compressionMinSize = Math.toIntExact(parseSize(v))),
            // uploads
            Map.entry("uploadMemoryThreshold", b -> v -> b.uploadMemoryThreshold = parseSize(v)),
            Map.entry("maxFileSize", b -> v -> b.maxFileSize = parseSize(v)),
            Map.entry("maxUploadSize", b -> v -> b.maxUploadSize = parseSize(v)),
            Map.entry("maxFormParts", b -> v -> b.maxFormParts = Integer.parseInt(v)),
            Map.entry("uploadDir", b -> v -> b.uploadDir = v),
            Map.entry("sseKeepAlive", b -> v -> b.sseKeepAlive = parseDuration(v)),
            Map.entry("sseMaxQueued", b -> v -> b.sseMaxQueued = parseSize(v)),
            Map.entry("sseQueueGrace", b -> v -> b.sseQueueGrace = parseDuration(v)),
            Map.entry("maxWebSockets", b -> v -> b.maxWebSockets = Integer.parseInt(v)),
            Map.entry("wsMaxMessageSize", b -> v -> b.wsMaxMessageSize = Math.toIntExact(parseSize(v))),
            Map.entry("wsMaxQueuedBytes", b -> v -> b.wsMaxQueuedBytes = parseSize(v)),
            Map.entry("wsSlowClientTimeout", b -> v -> b.wsSlowClientTimeout = parseDuration(v)),
            Map.entry("wsPingInterval", b -> v -> b.wsPingInterval = parseDuration(v)),
            Map.entry("wsPongTimeout", b -> v -> b.wsPongTimeout = parseDuration(v)),
            Map.entry("wsMaxTotalQueuedBytes", b -> v -> b.wsMaxTotalQueuedBytes = parseSize(v)),
            Map.entry("shutdownReadinessDelay", b -> v -> b.shutdownReadinessDelay = parseDuration(v)));

    /**
     * Sets on {@code b} each knob named by a {@code duet.<name>} property, else a {@code DUET_<NAME>}
     * variable (and {@code PORT}); a value that does not parse fails with the knob's name.
     */
    static void apply(Config.Builder b, Map<String, String> env, Map<?, ?> properties) {
        for (String knob : KNOBS.keySet()) {
            String envName = "DUET_" + knob.replaceAll("([A-Z])", "_$1").toUpperCase(java.util.Locale.ROOT);
            Object prop = properties.get("duet." + knob);
            String value = prop != null ? prop.toString() : env.get(envName);
            if (knob.equals("port") && value == null) value = env.get("PORT");
            if (value == null) continue;
            try {
                KNOBS.get(knob).apply(b).set(value.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad value for " + knob + " (duet." + knob + " / "
                        + envName + "): '" + value + "': " + e.getMessage(), e);
            }
        }
    }

    /**
     * Every knob's value in {@code c} by name, in the order of {@link Config}'s components (the
     * order {@link #KNOBS} lists them in), for tools that show a config ({@link Config#knobs()}).
     * Written out rather than read from the record's components, so no reflection is involved.
     */
    static Map<String, Object> values(Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", c.host()); m.put("port", c.port()); m.put("core", c.core()); m.put("dev", c.dev());
        m.put("maxBodySize", c.maxBodySize()); m.put("maxHeaderSize", c.maxHeaderSize());
        m.put("maxUriLength", c.maxUriLength()); m.put("maxInFlight", c.maxInFlight());
        m.put("idleTimeout", c.idleTimeout()); m.put("readTimeout", c.readTimeout());
        m.put("requestTimeout", c.requestTimeout()); m.put("shutdownGrace", c.shutdownGrace());
        m.put("eventLoops", c.eventLoops()); m.put("cpuThreads", c.cpuThreads()); m.put("cpuQueue", c.cpuQueue());
        m.put("backgroundLimit", c.backgroundLimit()); m.put("watchdogThreshold", c.watchdogThreshold());
        m.put("trustedProxies", c.trustedProxies()); m.put("serverHeader", c.serverHeader());
        m.put("errors", c.errors()); m.put("secrets", c.secrets()); m.put("devResources", c.devResources());
        m.put("sessionCookie", c.sessionCookie()); m.put("sessionIdleTimeout", c.sessionIdleTimeout());
        m.put("sessionMaxAge", c.sessionMaxAge()); m.put("sessionSecure", c.sessionSecure()); m.put("csrf", c.csrf());
        m.put("trustedOrigins", c.trustedOrigins()); m.put("securityHeaders", c.securityHeaders());
        m.put("contentSecurityPolicy", c.contentSecurityPolicy()); m.put("hsts", c.hsts());
        m.put("compression", c.compression()); m.put("compressionMinSize", c.compressionMinSize());
        m.put("uploadMemoryThreshold", c.uploadMemoryThreshold()); m.put("maxFileSize", c.maxFileSize());
        m.put("maxUploadSize", c.maxUploadSize()); m.put("maxFormParts", c.maxFormParts());
        m.put("uploadDir", c.uploadDir()); m.put("sseKeepAlive", c.sseKeepAlive());
        m.put("sseMaxQueued", c.sseMaxQueued()); m.put("sseQueueGrace", c.sseQueueGrace());
        m.put("maxWebSockets", c.maxWebSockets()); m.put("wsMaxMessageSize", c.wsMaxMessageSize());
        m.put("wsMaxQueuedBytes", c.wsMaxQueuedBytes()); m.put("wsSlowClientTimeout", c.wsSlowClientTimeout());
        m.put("wsPingInterval", c.wsPingInterval()); m.put("wsPongTimeout", c.wsPongTimeout());
        m.put("wsMaxTotalQueuedBytes", c.wsMaxTotalQueuedBytes());
        m.put("shutdownReadinessDelay", c.shutdownReadinessDelay());
        return Collections.unmodifiableMap(m);
    }
}
