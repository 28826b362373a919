package dev.duet.ops;

import dev.duet.AsyncMiddleware;
import dev.duet.AsyncNext;
import dev.duet.Request;
import dev.duet.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The access log: one line per request at INFO on the SLF4J logger {@code dev.duet.access}, so
 * logback (or any backend) routes, formats and rotates it. It is middleware, off until installed:
 * the proxy in front often logs requests already, and a line per request is a real cost at high
 * rates. Turning the logger off at run time also stops it (the line is then never built).
 *
 * <pre>{@code
 * app.useAsync(AccessLog.common());                                   // 127.0.0.1 "GET /users/7" 200 512 3ms r-1a2b
 * app.useAsync(AccessLog.json());                                     // {"method":"GET","path":"/users/7",...}
 * app.useAsync(AccessLog.pattern("{method} {route} -> {status} in {duration}ms"));
 * }</pre>
 *
 * Placeholders: {@code {method} {path} {query} {route} {status} {bytes} {duration}} (ms)
 * {@code {requestId} {client} {userAgent}}, and {@code {log:NAME}} for an entry the request added
 * to its log context ({@link Request#logContext(String, String)}: duet-tracing's {@code traceId},
 * say); JSON lines carry every such entry as a field of its own. {@code bytes} is the body as encoded before compression,
 * {@code -} for a stream of unknown length; {@code duration} runs until the response is ready (not
 * until its last byte is sent). Requests a core refuses before dispatch (a malformed request line,
 * say) never reach middleware, so they are not logged here.
 */
public final class AccessLog implements AsyncMiddleware {
    /** The pattern {@link #common()} uses. */
    public static final String COMMON = "{client} \"{method} {path}\" {status} {bytes} {duration}ms {requestId}";

    private static final List<String> FIELDS = List.of("method", "path", "query", "route", "status", "bytes",
            "duration", "requestId", "client", "userAgent");

    private final Logger log;
    private final List<Part> parts;
    private final boolean json;

    private AccessLog(Logger log, List<Part> parts, boolean json) {
        this.log = log;
        this.parts = parts;
        this.json = json;
    }

    /** Lines in the {@link #COMMON} pattern. */
    public static AccessLog common() {
        return pattern(COMMON);
    }

    /**
     * Lines in {@code pattern}: text with {@code {placeholder}}s (listed in the class comment).
     * An unknown placeholder or an unclosed brace fails here, naming it.
     */
    public static AccessLog pattern(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            int open = pattern.indexOf('{', i);
            if (open < 0) {
                parts.add(literal(pattern.substring(i)));
                break;
            }
            if (open > i) parts.add(literal(pattern.substring(i, open)));
            int close = pattern.indexOf('}', open);
            if (close < 0) throw new IllegalArgumentException("access log pattern: '{' at " + open + " is never closed: " + pattern);
            String name = pattern.substring(open + 1, close);
            parts.add(field(name));
            i = close + 1;
        }
        return new AccessLog(LoggerFactory.getLogger("dev.duet.access"), List.copyOf(parts), false);
    }

    /** One JSON object per line, with every field (numbers as numbers, absent ones as null). */
    public static AccessLog json() {
        List<Part> parts = new ArrayList<>();
        for (String f : FIELDS) parts.add(field(f));
        return new AccessLog(LoggerFactory.getLogger("dev.duet.access"), List.copyOf(parts), true);
    }

    /** The same format, written to {@code logger} instead of {@code dev.duet.access}. */
    public AccessLog to(Logger logger) {
        return new AccessLog(Objects.requireNonNull(logger, "logger"), parts, json);
    }

    @Override
    public CompletionStage<Response> handle(Request req, AsyncNext next) {
        if (!log.isInfoEnabled()) return next.proceed();
        long start = System.nanoTime();
        // whenComplete, not thenApply: a failed stage still gets its line (status 500, as the core answers).
        return next.proceed().whenComplete((res, error) -> log.info(line(req, res, System.nanoTime() - start)));
    }

    /** The line for one request; {@code res} is null if the chain failed outright. */
    String line(Request req, Response res, long nanos) {
        Entry e = new Entry(req, res, nanos);
        StringBuilder sb = new StringBuilder(128);
        if (json) sb.append('{');
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (json) {
                if (i > 0) sb.append(',');
                sb.append('"').append(p.name).append("\":");
                Object v = p.value(e);
                if (v == null) sb.append("null");
                else if (v instanceof Number) sb.append(v);
                else quote(sb, v.toString());
            } else if (p.literal != null) {
                sb.append(p.literal);
            } else {
                Object v = p.value(e);
                sb.append(v == null ? "-" : v);
            }
        }
        if (json) {
            for (var entry : req.logContext().entrySet()) {
                sb.append(',');
                quote(sb, entry.getKey());
                sb.append(':');
                quote(sb, entry.getValue());
            }
            sb.append('}');
        }
        return sb.toString();
    }

    private record Entry(Request req, Response res, long nanos) {
    }

    private record Part(String name, String literal, java.util.function.Function<Entry, Object> value) {
        Object value(Entry e) {
            return value.apply(e);
        }
    }

    private static Part literal(String text) {
        return new Part(null, text, e -> text);
    }

    private static Part field(String name) {
        if (name.startsWith("log:") && name.length() > 4) {
            String key = name.substring(4);
            return new Part(name, null, e -> e.req.logContext().get(key));
        }
        java.util.function.Function<Entry, Object> f = switch (name) {
            case "method" -> e -> e.req.method().name();
            case "path" -> e -> e.req.path();
            case "query" -> e -> e.req.rawQuery().isEmpty() ? null : e.req.rawQuery();
            case "route" -> e -> e.req.route();
            case "status" -> e -> e.res == null ? 500 : e.res.status();
            case "bytes" -> AccessLog::bytes;
            case "duration" -> e -> e.nanos / 1_000_000;
            case "requestId" -> e -> e.req.id();
            case "client" -> e -> e.req.clientIp();
            case "userAgent" -> e -> e.req.header("User-Agent");
            default -> throw new IllegalArgumentException("access log pattern: unknown placeholder {" + name
                    + "}; known: " + FIELDS + " and {log:NAME}");
        };
        return new Part(name, null, f);
    }

    private static Long bytes(Entry e) {
        Response res = e.res;
        if (res == null) return null;
        if (res.body() instanceof Response.SizedStream s) return s.length();
        if (res.isStreamed()) return null;
        try {
            return (long) res.encodedBody().length; // encoded once and kept: the core sends these same bytes
        } catch (IllegalStateException notEncodable) {
            return null;
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

}
