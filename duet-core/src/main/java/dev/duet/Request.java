package dev.duet;

import dev.duet.internal.UrlEncoding;
import dev.duet.spi.RawRequest;

import java.lang.reflect.Type;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request being handled, as every link of its chain sees it, on whatever thread it runs.
 * Everything is parsed lazily, once. From code that was not handed the request (a service, a
 * toolkit task), {@link #current()} finds it.
 *
 * <pre>{@code
 * app.post("/users", req -> {
 *     NewUser body = req.json(NewUser.class);      // 400 with the reason if malformed
 *     String ref = req.query("ref");               // null if absent
 *     return Response.json(users.create(body)).status(201);
 * });
 * }</pre>
 */
public final class Request {
    static final ScopedValue<Request> CURRENT = ScopedValue.newInstance();

    private final App app;
    private final RawRequest raw;
    private final HttpMethod method;
    private final String path;
    private final String rawQuery;
    private final String id;
    final Call call;

    private String routePattern;
    private String[] paramNames = NO_NAMES;
    private Object[] paramValues = NO_VALUES;

    private Map<String, List<String>> query;
    private Map<String, List<String>> form;
    private Map<String, String> cookies;
    private volatile Map<String, Object> attributes;
    /** Extra log MDC entries of this request (a trace id, say), or null; replaced, never changed in place. */
    volatile Map<String, String> logContext;
    private String clientIp;
    // sessions: loaded at most once, by the first session() or sessionAsync()
    volatile RequestSession loadedSession;
    java.util.concurrent.CompletableFuture<RequestSession> sessionLoading;

    private static final String[] NO_NAMES = new String[0];
    private static final Object[] NO_VALUES = new Object[0];

    Request(App app, RawRequest raw, HttpMethod method, String id, Call call) {
        this.app = app;
        this.raw = raw;
        this.method = method;
        this.id = id;
        this.call = call;
        String uri = raw.uri();
        int q = uri.indexOf('?');
        int hash = uri.indexOf('#');
        int end = hash < 0 ? uri.length() : hash;
        this.path = q < 0 || q > end ? uri.substring(0, end) : uri.substring(0, q);
        this.rawQuery = q < 0 || q > end ? "" : uri.substring(q + 1, end);
    }

    /** The request on this thread's chain; fails outside a request (see {@link #currentOrNull()}). */
    public static Request current() {
        if (!CURRENT.isBound()) {
            throw new IllegalStateException("no current request on this thread (" + Thread.currentThread().getName()
                    + "); Duet binds it in every chain link and toolkit task");
        }
        return CURRENT.get();
    }

    /** The request on this thread's chain, or null outside a request. */
    public static Request currentOrNull() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** The app serving this request. */
    public App app() {
        return app;
    }

    /** The concurrency toolkit, bound to this request's context and deadline. */
    public Tasks tasks() {
        return app.tasks();
    }

    /** A unique id for this request (or the client's own {@code X-Request-Id} if it sent a safe one); in every log line as MDC {@code requestId}. */
    public String id() {
        return id;
    }

    /** The request's method ({@code HEAD} stays {@code HEAD}, though a GET route serves it). */
    public HttpMethod method() {
        return method;
    }

    /** The path as sent, still percent-encoded, without the query. */
    public String path() {
        return path;
    }

    /** The route pattern that matched, e.g. {@code /users/{id:long}}; null before routing or on a 404. */
    public String route() {
        return routePattern;
    }

    /** The query string as sent, without {@code ?}; empty if none. */
    public String rawQuery() {
        return rawQuery;
    }

    /** The first value of query parameter {@code name}, decoded; null if absent. */
    public String query(String name) {
        List<String> v = queryParams().get(name);
        return v == null ? null : v.getFirst();
    }

    /** The query parameter as an int, {@code fallback} if absent; 400 naming it if not an int. */
    public int queryInt(String name, int fallback) {
        String v = query(name);
        if (v == null || v.isEmpty()) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Query parameter '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    /** Every query parameter, decoded, each with its values in order. */
    public Map<String, List<String>> queryParams() {
        if (query == null) query = UrlEncoding.parseQuery(rawQuery);
        return query;
    }

    /** The request's headers, as sent. */
    public Headers headers() {
        return raw.headers();
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        return raw.headers().get(name);
    }

    /** The {@code Content-Type} header, or null. */
    public String contentType() {
        return raw.headers().get("Content-Type");
    }

    /** The value of cookie {@code name}, or null. */
    public String cookie(String name) {
        return cookies().get(name);
    }

    /** Every cookie the client sent (the first of a repeated name). */
    public Map<String, String> cookies() {
        if (cookies == null) {
            List<String> lines = raw.headers().all("Cookie");
            if (lines.isEmpty()) {
                cookies = Map.of();
            } else {
                Map<String, String> map = new LinkedHashMap<>();
                for (String line : lines) {
                    for (String pair : line.split(";")) {
                        int eq = pair.indexOf('=');
                        if (eq <= 0) continue;
                        String k = pair.substring(0, eq).trim();
                        String v = pair.substring(eq + 1).trim();
                        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                        map.putIfAbsent(k, v);
                    }
                }
                cookies = Collections.unmodifiableMap(map);
            }
        }
        return cookies;
    }

    /** Path parameter {@code name} as matched (typed ones are Integer, Long or UUID); fails if the route has none. */
    public Object pathValue(String name) {
        for (int i = 0; i < paramNames.length; i++) {
            if (paramNames[i].equals(name)) return paramValues[i];
        }
        throw new IllegalArgumentException("route " + routePattern + " has no path parameter '" + name + "'");
    }

    /** Path parameter {@code name}, decoded, as text. */
    public String pathParam(String name) {
        return pathValue(name).toString();
    }

    /** Path parameter {@code name} declared {@code {name:int}}. */
    public int pathInt(String name) {
        Object v = pathValue(name);
        if (v instanceof Integer i) return i;
        throw new IllegalArgumentException("path parameter '" + name + "' of " + routePattern + " is not declared :int");
    }

    /** Path parameter {@code name} declared {@code {name:long}} (or {@code :int}). */
    public long pathLong(String name) {
        Object v = pathValue(name);
        if (v instanceof Long l) return l;
        if (v instanceof Integer i) return i;
        throw new IllegalArgumentException("path parameter '" + name + "' of " + routePattern + " is not declared :long");
    }

    /** Path parameter {@code name} declared {@code {name:uuid}}. */
    public UUID pathUuid(String name) {
        Object v = pathValue(name);
        if (v instanceof UUID u) return u;
        throw new IllegalArgumentException("path parameter '" + name + "' of " + routePattern + " is not declared :uuid");
    }

    /** Every path parameter of the matched route, in pattern order, typed as {@link #pathValue} gives them. */
    public Map<String, Object> pathParams() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < paramNames.length; i++) m.put(paramNames[i], paramValues[i]);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The raw body (bounded by the {@code maxBodySize} setting); empty for a multipart body, which
     * is read as {@link #formParams()} and {@link #files()}.
     */
    public byte[] body() {
        return raw.body();
    }

    /** The body decoded with the charset of its Content-Type (UTF-8 if none). */
    public String bodyText() {
        byte[] body = raw.body();
        return dev.duet.internal.Utf8.decode(body, 0, body.length, charset(), "the request body");
    }

    /**
     * The body read as JSON into {@code type}, a record or class, by the app's JSON rules
     * ({@link DuetJson}). A Content-Type that is not JSON ({@code application/json} or a
     * {@code +json} type, with any parameters) is a 415; bytes that are not UTF-8, an empty body, malformed JSON
     * ({@code Malformed JSON in the request body at line 1, column 9: unexpected end of input}) or
     * JSON that does not fit ({@code Field 'age' must be a number, got "x"}) is a 400 saying so.
     */
    public <T> T json(Class<T> type) {
        return json((Type) type);
    }

    /** {@link #json(Class)} for a generic type, such as a {@code ParameterizedType} for {@code List<Item>}. */
    public <T> T json(Type type) {
        String ct = contentType();
        if (ct != null && !dev.duet.internal.Json.isJsonType(ct)) {
            throw new HttpError(415, "Expected a JSON body (Content-Type: application/json or */*+json), got " + ct);
        }
        return app.json().read(raw.body(), type);
    }

    /** The first value of form field {@code name} (url-encoded or a multipart text field), or null. */
    public String form(String name) {
        List<String> v = formParams().get(name);
        return v == null ? null : v.getFirst();
    }

    /**
     * The form's text fields: of an {@code application/x-www-form-urlencoded} body, or of a
     * {@code multipart/form-data} one (its files are in {@link #files()}); empty for any other body.
     */
    public Map<String, List<String>> formParams() {
        if (form == null) {
            String ct = contentType();
            boolean urlEncoded = ct != null && dev.duet.internal.MediaTypes.essence(ct).equals("application/x-www-form-urlencoded");
            form = raw.multipart() != null ? raw.multipart().fields()
                    : urlEncoded ? UrlEncoding.parseQuery(bodyText()) : Map.of();
        }
        return form;
    }

    /** The first file sent as form field {@code name} in a multipart body, or null (see {@link UploadedFile}). */
    public UploadedFile file(String name) {
        List<UploadedFile> v = files().get(name);
        return v == null ? null : v.getFirst();
    }

    /** The files of a {@code multipart/form-data} body, each field name with its files in order; empty for any other body. */
    public Map<String, List<UploadedFile>> files() {
        return raw.multipart() != null ? raw.multipart().files() : Map.of();
    }

    /** The peer's address: the client's, or the last proxy's (see {@link #clientIp()}). */
    public InetSocketAddress remoteAddress() {
        return raw.remoteAddress();
    }

    /**
     * The client's IP: the peer's, or, when the peer is a trusted proxy (the {@code trustedProxies}
     * setting), the last untrusted hop of {@code X-Forwarded-For}.
     */
    public String clientIp() {
        if (clientIp == null) {
            InetSocketAddress addr = raw.remoteAddress();
            String peer = addr == null ? "" : addr.getAddress() != null ? addr.getAddress().getHostAddress() : addr.getHostString();
            clientIp = app.proxyTrust().clientIp(peer, raw.headers().all("X-Forwarded-For"));
        }
        return clientIp;
    }

    /** True if the request came over TLS. */
    public boolean secure() {
        return raw.secure();
    }

    /**
     * Adds {@code key} to the log MDC wherever this request's code runs from now on: its links,
     * and the toolkit tasks and background tasks it starts (as {@code requestId} is). For
     * middleware that learns a correlation id, e.g. duet-tracing's {@code traceId}.
     * {@code requestId} itself cannot be replaced.
     *
     * <pre>{@code
     * app.use((req, next) -> { req.logContext("tenant", tenantOf(req)); return next.proceed(); });
     * }</pre>
     */
    public Request logContext(String key, String value) {
        java.util.Objects.requireNonNull(key, "key");
        java.util.Objects.requireNonNull(value, "value");
        if (key.equals("requestId")) throw new IllegalArgumentException("requestId is the request's own id and cannot be replaced");
        synchronized (this) {
            Map<String, String> next = logContext == null ? new LinkedHashMap<>() : new LinkedHashMap<>(logContext);
            next.put(key, value);
            logContext = Collections.unmodifiableMap(next);
        }
        // The code calling this is bound already, so its own thread gets the entry now.
        if (CURRENT.isBound() && CURRENT.get() == this) org.slf4j.MDC.put(key, value);
        return this;
    }

    /** The entries {@link #logContext(String, String)} added, in the order added (empty if none). */
    public Map<String, String> logContext() {
        Map<String, String> map = logContext;
        return map == null ? Map.of() : map;
    }

    /** A value a link stored for later links of this request, or null. */
    @SuppressWarnings("unchecked")
    public <T> T attribute(String key) {
        return attributes == null ? null : (T) attributes.get(key);
    }

    /** Stores {@code value} under {@code key} for later links (null removes it); safe from parallel tasks. */
    public Request attribute(String key, Object value) {
        Map<String, Object> map = attributes;
        if (map == null) {
            synchronized (this) {
                if (attributes == null) attributes = new ConcurrentHashMap<>();
                map = attributes;
            }
        }
        if (value == null) map.remove(key);
        else map.put(key, value);
        return this;
    }

    /**
     * Keeps {@code resource} for as long as the current thread works on this request, and closes
     * it when that thread is done with it: after the links, error handlers and teardown hooks that
     * run on this thread, whether the request succeeded, failed or was cancelled. For things worth
     * keeping across the blocking links of one request but not beyond it, say a pooled connection
     * borrowed at the first query and reused by the next ones (duet-db does exactly that).
     *
     * <pre>{@code
     * Connection c = dataSource.getConnection();
     * if (!req.closeWhenThreadLeaves(c)) {
     *     // not the request's own thread: use it for this statement only, then close it here
     * }
     * }</pre>
     *
     * <p>It works on the request's own thread: the virtual thread its blocking links run on (or
     * the container's thread, on a servlet core, while dispatch runs there). Anywhere else (an
     * event loop running an async link, a toolkit or background task, a thread of your own) it
     * keeps nothing and returns false; the caller closes the resource itself. A mixed chain may
     * move to another thread for a later blocking stretch: what the first thread registered is
     * closed when that thread leaves, not carried over. Resources are closed last registered
     * first; a failure to close one is logged, never thrown, and the others are still closed.
     *
     * @return true if the resource will be closed when this thread leaves the request; false if
     *         this thread is not the request's own, and nothing was kept
     */
    public boolean closeWhenThreadLeaves(AutoCloseable resource) {
        return call.closeWhenThreadLeaves(resource);
    }

    /**
     * The user's session, read from its cookie (or the app's {@link dev.duet.session.SessionStore})
     * the first time it is asked for. A request that never asks sends no cookie. With a store, an
     * async link uses {@link #sessionAsync()} instead: reading the store here would block its
     * event loop, and fails saying so.
     */
    public dev.duet.session.Session session() {
        return app.sessions().session(this);
    }

    /** {@link #session()} for async links: completes once the session is read, without blocking a thread. */
    public java.util.concurrent.CompletionStage<dev.duet.session.Session> sessionAsync() {
        return app.sessions().sessionAsync(this);
    }

    /** True if the client prefers JSON: Accept names JSON before HTML, or, with no say in Accept, it sent JSON. */
    public boolean wantsJson() {
        return dev.duet.internal.ErrorPages.prefersJson(header("Accept"), contentType());
    }

    private Charset charset() {
        String ct = contentType();
        if (ct != null) {
            int i = ct.toLowerCase(java.util.Locale.ROOT).indexOf("charset=");
            if (i >= 0) {
                String name = ct.substring(i + 8).split("[;\\s]")[0].replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    throw HttpError.badRequest("Unknown charset '" + name + "' in Content-Type");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    void route(String pattern, String[] names, Object[] values) {
        this.routePattern = pattern;
        this.paramNames = names;
        this.paramValues = values;
    }

    RawRequest raw() {
        return raw;
    }

    @Override
    public String toString() {
        // The method as sent: one Duet does not know is answered 501 and logged under its own name.
        return raw.method() + " " + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + " [" + id + "]";
    }
}
