package dev.duet;

import dev.duet.internal.ErrorPages;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.duet.ConfigValues.requireNonNegative;
import static dev.duet.ConfigValues.requirePositive;
import static dev.duet.ConfigValues.requireHeaderValue;
import static dev.duet.ConfigValues.requireRange;

/**
 * Everything an app and its server core can be tuned by. Every limit has a default here, a knob
 * in the {@link Builder}, and the same knob as a system property {@code duet.<name>} or an
 * environment variable {@code DUET_<NAME>} (see {@link #fromEnvironment()}).
 *
 * <pre>{@code
 * App app = App.create(Config.builder().port(8080).requestTimeout(Duration.ofSeconds(5)).build());
 * }</pre>
 *
 * @param host             the address to bind ({@code 0.0.0.0})
 * @param port             the port to bind (8000; 0 picks a free one)
 * @param core             which server core {@link App#start()} uses ({@code netty})
 * @param dev              dev mode: stack traces on error pages, the event-loop watchdog (false)
 * @param maxBodySize      largest request body in bytes; larger gets 413 (10 MiB)
 * @param maxHeaderSize    largest header block in bytes; larger gets 431 (16 KiB)
 * @param maxUriLength     longest request line; longer gets 414 (8 KiB)
 * @param maxInFlight      requests being handled at once; more get 503 with Retry-After (10 000)
 * @param idleTimeout      a keep-alive connection with no request for this long is closed (60 s)
 * @param readTimeout      a request must arrive whole within this time or gets 408 (30 s)
 * @param requestTimeout   deadline for a request's chain; past it 504 and the work is cancelled (30 s; zero = none)
 * @param shutdownGrace    how long shutdown waits for in-flight requests and background tasks (10 s)
 * @param eventLoops       event loop threads (0 = one per core)
 * @param cpuThreads       CPU pool threads (0 = one per core)
 * @param cpuQueue         CPU tasks that may wait for a thread; more are refused with 503 (1 000)
 * @param backgroundLimit  background tasks queued or running at once; more are refused with 503 (10 000)
 * @param watchdogThreshold in dev mode, an event loop busy this long in one async link is reported (100 ms)
 * @param trustedProxies   addresses whose {@code X-Forwarded-For} is believed for {@link Request#clientIp()}
 * @param serverHeader     the {@code Server} header value ({@code Duet})
 * @param errors           how Duet writes its own error responses: {@code negotiate} (JSON for
 *                         clients that ask for it, HTML or text otherwise), {@code json} (always,
 *                         for an API), or {@code html} (never JSON) ({@code negotiate})
 * @param secrets          the keys the app signs with (session cookies, CSRF tokens): the first
 *                         signs, all verify; comma-separated in {@code DUET_SECRETS} (none)
 * @param devResources     in dev mode, the project's resources folder, read before the class path
 *                         so that an edited template shows at once ({@code src/main/resources},
 *                         relative to the working directory)
 * @param sessionCookie    (sessions) the session cookie's name ({@code duet_session})
 * @param sessionIdleTimeout (sessions) a session unused for this long is over (30 min: OWASP's
 *                         upper bound for an ordinary app; a user away longer logs in again)
 * @param sessionMaxAge    (sessions) a session is over this long after it began, however busy
 *                         (12 h: one working day, so a stolen session dies by the next)
 * @param sessionSecure    (sessions) the session cookie is sent over HTTPS only (true; false
 *                         by default in dev mode, for http://localhost)
 * @param csrf             security: cross-site request forgery protection for POST, PUT, PATCH and
 *                         DELETE on every route not opted out ({@code Route.csrf(false)},
 *                         {@code group.csrf(false)}); see {@link Csrf} (true)
 * @param trustedOrigins   security: origins (e.g. {@code https://sso.example.com}) whose cross-site
 *                         unsafe requests pass the CSRF check; comma-separated (none)
 * @param securityHeaders  security: {@code X-Content-Type-Options}, {@code X-Frame-Options},
 *                         {@code Referrer-Policy} and the {@code contentSecurityPolicy} on every
 *                         response that has not set them itself (true)
 * @param contentSecurityPolicy security: the {@code Content-Security-Policy} sent when
 *                         {@code securityHeaders} is on, {@code {nonce}} replaced by the request's
 *                         nonce ({@link Csrf#cspNonce}); empty for none ({@link #DEFAULT_CSP})
 * @param hsts             security: the {@code Strict-Transport-Security} value sent on HTTPS
 *                         requests, e.g. {@code max-age=31536000; includeSubDomains}; empty for
 *                         none, as HSTS is opt-in (none)
 * @param compression      text-like responses compressed by the client's {@code Accept-Encoding} (true)
 * @param compressionMinSize the smallest body compressed, in bytes (1 KiB)
 * @param uploadMemoryThreshold uploads: an uploaded file up to this size stays in memory, a larger one goes to a temp file (64 KiB)
 * @param maxFileSize      uploads: largest uploaded file; larger gets 413 (100 MiB)
 * @param maxUploadSize    uploads: largest multipart body, instead of {@code maxBodySize}; larger gets 413 (200 MiB)
 * @param maxFormParts     uploads: most parts (fields and files) in one multipart body; more get 413 (1 000)
 * @param uploadDir        uploads: the folder of their temp files ({@code java.io.tmpdir})
 * @param sseKeepAlive     event streams: a comment sent after this long without an event, so proxies keep the connection (15 s)
 * @param sseMaxQueued     event streams: bytes a push stream may hold for a slow client ({@code queuedBytes}) (1 MiB)
 * @param sseQueueGrace    event streams: a push stream over {@code sseMaxQueued} for this long is closed (5 s)
 * @param maxWebSockets    WebSockets open at once; a handshake above it gets 503 (10 000)
 * @param wsMaxMessageSize WebSockets: largest message, fragments joined; larger closes with 1009 (1 MiB)
 * @param wsMaxQueuedBytes WebSockets: bytes queued for one client; a send past it is refused (1 MiB)
 * @param wsSlowClientTimeout WebSockets: a client whose queue stays full this long is closed with 1008 (10 s)
 * @param wsPingInterval   WebSockets: how often the server pings (30 s; zero = never)
 * @param wsPongTimeout    WebSockets: a peer with nothing queued for it that stays silent this long after a ping is
 *                         taken for dead and cut off, 1006 (10 s: well above a live mobile network's worst round trips)
 * @param wsMaxTotalQueuedBytes WebSockets: bytes queued for all clients together (each message charged 512 more); a send past it is refused (0: a quarter of the heap)
 * @param shutdownReadinessDelay how long a stop serves on with readiness failing, once readiness is served (5 s; 0 in dev mode)
 */
public record Config(String host, int port, String core, boolean dev,
                     long maxBodySize, int maxHeaderSize, int maxUriLength, int maxInFlight,
                     Duration idleTimeout, Duration readTimeout, Duration requestTimeout,
                     Duration shutdownGrace, int eventLoops, int cpuThreads, int cpuQueue,
                     int backgroundLimit, Duration watchdogThreshold, List<String> trustedProxies,
                     String serverHeader, ErrorFormat errors, Secrets secrets, String devResources,
                     // sessions
                     String sessionCookie, Duration sessionIdleTimeout, Duration sessionMaxAge,
                     boolean sessionSecure,
                     // security (CSRF, security headers)
                     boolean csrf, List<String> trustedOrigins, boolean securityHeaders,
                     String contentSecurityPolicy, String hsts,
                     boolean compression, int compressionMinSize,
                     // uploads (multipart/form-data)
                     long uploadMemoryThreshold, long maxFileSize, long maxUploadSize, int maxFormParts, String uploadDir,
                     Duration sseKeepAlive, long sseMaxQueued, Duration sseQueueGrace,
                     int maxWebSockets, int wsMaxMessageSize, long wsMaxQueuedBytes, Duration wsSlowClientTimeout, Duration wsPingInterval,
                     Duration wsPongTimeout, long wsMaxTotalQueuedBytes, Duration shutdownReadinessDelay) {

    /**
     * The default {@code contentSecurityPolicy}: scripts and styles only from the app's own origin
     * or carrying the request's nonce (so an injected {@code <script>} does not run), no plugins,
     * no {@code <base>} or form posts to elsewhere, and no framing (clickjacking).
     */
    public static final String DEFAULT_CSP = "default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
            + "style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /**
     * How Duet writes the error responses it makes itself: the router's 404 and 405, the 400, 413
     * and 415 of reading a body, 503s and 504s, mapped ORM errors, and the refusals a core sends
     * before a request reaches the app. An app's own error handlers answer as they please.
     */
    public enum ErrorFormat {
        /** JSON if the client asks for it ({@code Accept} naming JSON before HTML), else HTML (text from a core). */
        NEGOTIATE,
        /** Always JSON, whatever the client accepts: for an API. */
        JSON,
        /** Never JSON: HTML pages (text from a core). */
        HTML;

        /** True if an error for a client that sent these {@code Accept} and {@code Content-Type} headers is JSON. */
        public boolean json(String accept, String contentType) {
            return switch (this) {
                case JSON -> true;
                case HTML -> false;
                case NEGOTIATE -> ErrorPages.prefersJson(accept, contentType);
            };
        }
    }

    /** Checks every knob's range; a value out of range fails naming the knob. */
    public Config {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(core, "core");
        requireRange("port", port, 0, 65535);
        requireRange("maxHeaderSize", maxHeaderSize, 256, Integer.MAX_VALUE);
        requireRange("maxUriLength", maxUriLength, 64, Integer.MAX_VALUE);
        requireRange("maxInFlight", maxInFlight, 1, Integer.MAX_VALUE);
        requireRange("eventLoops", eventLoops, 0, 1024);
        requireRange("cpuThreads", cpuThreads, 0, 1024);
        requireRange("cpuQueue", cpuQueue, 0, Integer.MAX_VALUE);
        requireRange("backgroundLimit", backgroundLimit, 1, Integer.MAX_VALUE);
        if (maxBodySize < 0) throw new IllegalArgumentException("maxBodySize must be >= 0, got " + maxBodySize);
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("readTimeout", readTimeout);
        requireNonNegative("requestTimeout", requestTimeout);
        requireNonNegative("shutdownGrace", shutdownGrace);
        requirePositive("watchdogThreshold", watchdogThreshold);
        trustedProxies = List.copyOf(trustedProxies);
        Objects.requireNonNull(serverHeader, "serverHeader");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(devResources, "devResources");
        // sessions
        Objects.requireNonNull(sessionCookie, "sessionCookie");
        requirePositive("sessionIdleTimeout", sessionIdleTimeout);
        requirePositive("sessionMaxAge", sessionMaxAge);
        // security
        trustedOrigins = List.copyOf(trustedOrigins);
        for (String o : trustedOrigins) Csrf.requireOrigin("trustedOrigins", o);
        requireHeaderValue("contentSecurityPolicy", contentSecurityPolicy);
        requireHeaderValue("hsts", hsts);
        requireRange("compressionMinSize", compressionMinSize, 0, Integer.MAX_VALUE);
        // uploads
        requireRange("uploadMemoryThreshold", uploadMemoryThreshold, 0, Integer.MAX_VALUE - 16);
        requireRange("maxFileSize", maxFileSize, 0, Long.MAX_VALUE);
        requireRange("maxUploadSize", maxUploadSize, 0, Long.MAX_VALUE);
        requireRange("maxFormParts", maxFormParts, 1, Integer.MAX_VALUE);
        Objects.requireNonNull(uploadDir, "uploadDir");
        requirePositive("sseKeepAlive", sseKeepAlive); requireRange("sseMaxQueued", sseMaxQueued, 1, Long.MAX_VALUE);
        requirePositive("sseQueueGrace", sseQueueGrace);
        requireRange("maxWebSockets", maxWebSockets, 0, Integer.MAX_VALUE);
        requireRange("wsMaxMessageSize", wsMaxMessageSize, 1, Integer.MAX_VALUE);
        requireRange("wsMaxQueuedBytes", wsMaxQueuedBytes, 1, Long.MAX_VALUE);
        requirePositive("wsSlowClientTimeout", wsSlowClientTimeout); requireNonNegative("wsPingInterval", wsPingInterval);
        requirePositive("wsPongTimeout", wsPongTimeout); requireNonNegative("shutdownReadinessDelay", shutdownReadinessDelay);
        requireRange("wsMaxTotalQueuedBytes", wsMaxTotalQueuedBytes, 0, Long.MAX_VALUE);
    }

    /** The defaults, ignoring the environment. */
    public static Config defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults (ignoring the environment). */
    public static Builder builder() {
        return new Builder();
    }

    /** Defaults overridden by {@code duet.*} system properties, then {@code DUET_*} (and {@code PORT}) variables. */
    public static Config fromEnvironment() {
        return builder().apply(System.getenv(), System.getProperties()).build();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host; b.port = port; b.core = core; b.dev = dev; b.maxBodySize = maxBodySize;
        b.maxHeaderSize = maxHeaderSize; b.maxUriLength = maxUriLength; b.maxInFlight = maxInFlight;
        b.idleTimeout = idleTimeout; b.readTimeout = readTimeout; b.requestTimeout = requestTimeout;
        b.shutdownGrace = shutdownGrace; b.eventLoops = eventLoops; b.cpuThreads = cpuThreads;
        b.cpuQueue = cpuQueue; b.backgroundLimit = backgroundLimit; b.watchdogThreshold = watchdogThreshold;
        b.trustedProxies = trustedProxies; b.serverHeader = serverHeader; b.errors = errors;
        b.secrets = secrets; b.devResources = devResources;
        // sessions
        b.sessionCookie = sessionCookie; b.sessionIdleTimeout = sessionIdleTimeout; b.sessionMaxAge = sessionMaxAge;
        b.sessionSecure = sessionSecure;
        // security
        b.csrf = csrf; b.trustedOrigins = trustedOrigins; b.securityHeaders = securityHeaders;
        b.contentSecurityPolicy = contentSecurityPolicy; b.hsts = hsts;
        b.compression = compression; b.compressionMinSize = compressionMinSize;
        // uploads
        b.uploadMemoryThreshold = uploadMemoryThreshold; b.maxFileSize = maxFileSize; b.maxUploadSize = maxUploadSize;
        b.maxFormParts = maxFormParts; b.uploadDir = uploadDir;
        b.sseKeepAlive = sseKeepAlive; b.sseMaxQueued = sseMaxQueued; b.sseQueueGrace = sseQueueGrace;
        b.maxWebSockets = maxWebSockets; b.wsMaxMessageSize = wsMaxMessageSize; b.wsMaxQueuedBytes = wsMaxQueuedBytes;
        b.wsSlowClientTimeout = wsSlowClientTimeout; b.wsPingInterval = wsPingInterval; b.wsPongTimeout = wsPongTimeout;
        b.wsMaxTotalQueuedBytes = wsMaxTotalQueuedBytes; b.shutdownReadinessDelay = shutdownReadinessDelay;
        return b;
    }

    /**
     * Every knob by name ({@code port}, {@code requestTimeout}...), the same names
     * {@link Builder#apply} reads, with its value here, in declaration order: for tools that show
     * a config, such as {@code duet config}. Values are as the accessors return them (a
     * {@link Duration}, a {@link Secrets}...); unmodifiable.
     *
     * <pre>{@code
     * config.knobs().forEach((name, value) -> System.out.println(name + " = " + value));
     * }</pre>
     */
    public Map<String, Object> knobs() {
        return ConfigKnobs.values(this);
    }

    /** Event loops to run: {@link #eventLoops()}, or one per core. */
    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }

    /** CPU pool threads to run: {@link #cpuThreads()}, or one per core. */
    public int effectiveCpuThreads() {
        return cpuThreads > 0 ? cpuThreads : Runtime.getRuntime().availableProcessors();
    }

    /** Builds a {@link Config}; every setter is a knob documented on {@link Config}. */
    public static final class Builder {
        String host = "0.0.0.0";
        int port = 8000;
        String core = "netty";
        boolean dev = false;
        long maxBodySize = 10L * 1024 * 1024;
        int maxHeaderSize = 16 * 1024;
        int maxUriLength = 8 * 1024;
        int maxInFlight = 10_000;
        Duration idleTimeout = Duration.ofSeconds(60);
        Duration readTimeout = Duration.ofSeconds(30);
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration shutdownGrace = Duration.ofSeconds(10);
        int eventLoops = 0;
        int cpuThreads = 0;
        int cpuQueue = 1_000;
        int backgroundLimit = 10_000;
        Duration watchdogThreshold = Duration.ofMillis(100);
        List<String> trustedProxies = List.of();
        String serverHeader = "Duet";
        ErrorFormat errors = ErrorFormat.NEGOTIATE;
        Secrets secrets = Secrets.none();
        String devResources = "src/main/resources";
        // sessions
        String sessionCookie = "duet_session";
        Duration sessionIdleTimeout = Duration.ofMinutes(30);
        Duration sessionMaxAge = Duration.ofHours(12);
        Boolean sessionSecure; // unset: the opposite of dev
        // security
        boolean csrf = true;
        List<String> trustedOrigins = List.of();
        boolean securityHeaders = true;
        String contentSecurityPolicy = DEFAULT_CSP;
        String hsts = "";
        boolean compression = true;
        int compressionMinSize = 1024;
        // uploads
        long uploadMemoryThreshold = 64 * 1024;
        long maxFileSize = 100L * 1024 * 1024;
        long maxUploadSize = 200L * 1024 * 1024;
        int maxFormParts = 1_000;
        String uploadDir = System.getProperty("java.io.tmpdir");
        Duration sseKeepAlive = Duration.ofSeconds(15), sseQueueGrace = Duration.ofSeconds(5);
        long sseMaxQueued = 1024 * 1024;
        int maxWebSockets = 10_000, wsMaxMessageSize = 1024 * 1024; // WebSockets
        long wsMaxQueuedBytes = 1024 * 1024;
        Duration wsSlowClientTimeout = Duration.ofSeconds(10), wsPingInterval = Duration.ofSeconds(30), wsPongTimeout = Duration.ofSeconds(10);
        long wsMaxTotalQueuedBytes = 0;
        Duration shutdownReadinessDelay; // null: 5 s, or 0 in dev mode, where no load balancer waits

        private Builder() {
        }

        /** The address to bind ({@code 0.0.0.0}). */
        public Builder host(String v) { host = v; return this; }
        /** The port to bind (8000; 0 picks a free one). */
        public Builder port(int v) { port = v; return this; }
        /** Which server core {@link App#start()} uses ({@code netty}). */
        public Builder core(String v) { core = v; return this; }
        /** Dev mode: stack traces on error pages, the event-loop watchdog (false). */
        public Builder dev(boolean v) { dev = v; return this; }
        /** Largest request body in bytes; larger gets 413 (10 MiB). */
        public Builder maxBodySize(long v) { maxBodySize = v; return this; }
        /** Largest header block in bytes; larger gets 431 (16 KiB). */
        public Builder maxHeaderSize(int v) { maxHeaderSize = v; return this; }
        /** Longest request line; longer gets 414 (8 KiB). */
        public Builder maxUriLength(int v) { maxUriLength = v; return this; }
        /** Requests being handled at once; more get 503 with Retry-After (10 000). */
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        /** A keep-alive connection with no request for this long is closed (60 s). */
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        /** A request must arrive whole within this time or gets 408 (30 s). */
        public Builder readTimeout(Duration v) { readTimeout = v; return this; }
        /** Deadline for a request's chain; past it 504 and the work is cancelled (30 s; zero = none). */
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        /** How long shutdown waits for in-flight requests and background tasks (10 s). */
        public Builder shutdownGrace(Duration v) { shutdownGrace = v; return this; }
        /** Event loop threads (0 = one per core). */
        public Builder eventLoops(int v) { eventLoops = v; return this; }
        /** CPU pool threads (0 = one per core). */
        public Builder cpuThreads(int v) { cpuThreads = v; return this; }
        /** CPU tasks that may wait for a thread; more are refused with 503 (1 000). */
        public Builder cpuQueue(int v) { cpuQueue = v; return this; }
        /** Background tasks queued or running at once; more are refused with 503 (10 000). */
        public Builder backgroundLimit(int v) { backgroundLimit = v; return this; }
        /** In dev mode, an event loop busy this long in one async link is reported (100 ms). */
        public Builder watchdogThreshold(Duration v) { watchdogThreshold = v; return this; }
        /** Addresses whose {@code X-Forwarded-For} is believed for {@link Request#clientIp()}. */
        public Builder trustedProxies(List<String> v) { trustedProxies = v; return this; }
        /** The {@code Server} header value ({@code Duet}). */
        public Builder serverHeader(String v) { serverHeader = v; return this; }
        /** How Duet writes its own error responses: negotiated (the default), always JSON, or never JSON. */
        public Builder errors(ErrorFormat v) { errors = v; return this; }
        /** In dev mode, the project's resources folder, read before the class path ({@code src/main/resources}). */
        public Builder devResources(String v) { devResources = v; return this; }
        /** The keys the app signs with, the first signing (none). */
        public Builder secrets(Secrets v) { secrets = v; return this; }
        // sessions
        /** The session cookie's name ({@code duet_session}). */
        public Builder sessionCookie(String v) { sessionCookie = v; return this; }
        /** A session unused for this long is over (30 min). */
        public Builder sessionIdleTimeout(Duration v) { sessionIdleTimeout = v; return this; }
        /** A session is over this long after it began (12 h). */
        public Builder sessionMaxAge(Duration v) { sessionMaxAge = v; return this; }
        /** The session cookie is sent over HTTPS only (true; false by default in dev mode). */
        public Builder sessionSecure(boolean v) { sessionSecure = v; return this; }
        // security
        /** CSRF protection for unsafe methods on every route not opted out (true). */
        public Builder csrf(boolean v) { csrf = v; return this; }
        /** Origins whose cross-site unsafe requests pass the CSRF check, e.g. an SSO provider (none). */
        public Builder trustedOrigins(List<String> v) { trustedOrigins = v; return this; }
        /** The default security headers on every response (true). */
        public Builder securityHeaders(boolean v) { securityHeaders = v; return this; }
        /** The Content-Security-Policy, {@code {nonce}} replaced per request; empty for none ({@link #DEFAULT_CSP}). */
        public Builder contentSecurityPolicy(String v) { contentSecurityPolicy = v; return this; }
        /** The Strict-Transport-Security value for HTTPS requests; empty for none (none). */
        public Builder hsts(String v) { hsts = v; return this; }
        /** Text-like responses compressed by the client's {@code Accept-Encoding} (true). */
        public Builder compression(boolean v) { compression = v; return this; }
        /** The smallest body compressed, in bytes (1 KiB). */
        public Builder compressionMinSize(int v) { compressionMinSize = v; return this; }
        // uploads
        /** An uploaded file up to this size stays in memory, a larger one goes to a temp file (64 KiB). */
        public Builder uploadMemoryThreshold(long v) { uploadMemoryThreshold = v; return this; }
        /** Largest uploaded file; larger gets 413 (100 MiB). */
        public Builder maxFileSize(long v) { maxFileSize = v; return this; }
        /** Largest multipart body, instead of {@code maxBodySize}; larger gets 413 (200 MiB). */
        public Builder maxUploadSize(long v) { maxUploadSize = v; return this; }
        /** Most parts in one multipart body; more get 413 (1 000). */
        public Builder maxFormParts(int v) { maxFormParts = v; return this; }
        /** The folder of uploads' temp files ({@code java.io.tmpdir}). */
        public Builder uploadDir(String v) { uploadDir = v; return this; }
        /** Event streams: the keep-alive comment's period (15 s). */
        public Builder sseKeepAlive(Duration v) { sseKeepAlive = v; return this; }
        /** Event streams: bytes a push stream may queue for a slow client (1 MiB). */
        public Builder sseMaxQueued(long v) { sseMaxQueued = v; return this; }
        /** Event streams: how long a push stream may stay over {@code sseMaxQueued} before it is closed (5 s). */
        public Builder sseQueueGrace(Duration v) { sseQueueGrace = v; return this; }
        /** WebSockets open at once; a handshake above it gets 503 (10 000). */
        public Builder maxWebSockets(int v) { maxWebSockets = v; return this; }
        /** Largest WebSocket message, fragments joined; larger closes with 1009 (1 MiB). */
        public Builder wsMaxMessageSize(int v) { wsMaxMessageSize = v; return this; }
        /** Bytes queued for one WebSocket client; a send past it is refused (1 MiB). */
        public Builder wsMaxQueuedBytes(long v) { wsMaxQueuedBytes = v; return this; }
        /** A WebSocket client whose queue stays full this long is closed with 1008 (10 s). */
        public Builder wsSlowClientTimeout(Duration v) { wsSlowClientTimeout = v; return this; }
        /** How often the server pings each WebSocket (30 s; zero = never). */
        public Builder wsPingInterval(Duration v) { wsPingInterval = v; return this; }
        /** How long a WebSocket peer with nothing queued for it may stay silent after a ping before it is cut off (10 s). */
        public Builder wsPongTimeout(Duration v) { wsPongTimeout = v; return this; }
        /** Bytes queued for all WebSocket clients together, each message charged 512 more; past it sends are refused (0: a quarter of the heap). */
        public Builder wsMaxTotalQueuedBytes(long v) { wsMaxTotalQueuedBytes = v; return this; }
        /** How long a stop serves on with readiness failing, when readiness is served (5 s; 0 in dev mode). */
        public Builder shutdownReadinessDelay(Duration v) { shutdownReadinessDelay = v; return this; }

        /**
         * Applies {@code duet.<name>} properties, then {@code DUET_<NAME>} variables (and
         * {@code PORT}); a value that does not parse fails with the knob's name.
         */
        public Builder apply(Map<String, String> env, Map<?, ?> properties) {
            ConfigKnobs.apply(this, env, properties);
            return this;
        }

        /** The config; fails naming the knob if a value is out of range. */
        public Config build() {
            return new Config(host, port, core, dev, maxBodySize, maxHeaderSize, maxUriLength, maxInFlight,
                    idleTimeout, readTimeout, requestTimeout, shutdownGrace, eventLoops, cpuThreads, cpuQueue,
                    backgroundLimit, watchdogThreshold, trustedProxies, serverHeader, errors, secrets, devResources,
                    // sessions
                    sessionCookie, sessionIdleTimeout, sessionMaxAge, sessionSecure != null ? sessionSecure : !dev,
                    // security
                    csrf, trustedOrigins, securityHeaders, contentSecurityPolicy, hsts, compression, compressionMinSize,
                    // uploads
                    uploadMemoryThreshold, maxFileSize, maxUploadSize, maxFormParts, uploadDir,
                    sseKeepAlive, sseMaxQueued, sseQueueGrace,
                    maxWebSockets, wsMaxMessageSize, wsMaxQueuedBytes, wsSlowClientTimeout, wsPingInterval, wsPongTimeout,
                    wsMaxTotalQueuedBytes, shutdownReadinessDelay != null ? shutdownReadinessDelay : dev ? Duration.ZERO : Duration.ofSeconds(5));
        }
    }
}
