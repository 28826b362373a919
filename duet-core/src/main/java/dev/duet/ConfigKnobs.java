package dev.duet;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.duet.ConfigValues.parseBoolean;
import static dev.duet.ConfigValues.parseDuration;
import static dev.duet.ConfigValues.parseErrorFormat;
import static dev.duet.ConfigValues.parseSize;

/** Every knob of {@link Config} by name, and how its text sets it on a {@link Config.Builder} (for {@link Config.Builder#apply}). */
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
            Map.entry("shutdownReadinessDelay", b -> v -> b.shutdownReadinessDelay = parseDuration(v)));
}
