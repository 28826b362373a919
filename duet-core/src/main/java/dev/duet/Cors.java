package dev.duet;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A cross-origin resource sharing policy: which other origins' scripts may call the routes it is
 * set on ({@code app.cors(policy)}, {@code group.cors(policy)}, {@code route.cors(policy)}), with
 * which methods and headers, and whether with cookies. CORS is off until set: without a policy a
 * browser lets no other origin read a response. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * app.group("/api", api -> {
 *     api.cors(Cors.origins("https://app.example.com")
 *             .methods(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE)
 *             .headers("Content-Type", "Authorization")
 *             .credentials(true)
 *             .maxAge(Duration.ofHours(1)));
 *     api.get("/items", req -> List.of("a", "b"));
 * });
 * }</pre>
 *
 * A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) for
 * a route with a policy is answered before any middleware or handler runs: 204 with the
 * {@code Access-Control-*} headers, or 403 saying what the policy does not allow. An actual request
 * from an allowed origin gets {@code Access-Control-Allow-Origin} (and the credentials and exposed
 * headers); every response of such a route carries {@code Vary: Origin}. An origin a policy allows
 * is also trusted by the CSRF check of that route: allowing it to send credentials is trusting it.
 */
public final class Cors {
    private static final Set<String> DEFAULT_METHODS = java.util.Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of("GET", "HEAD", "POST")));

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final Set<String> methods;
    private final Set<String> headers;
    private final boolean credentials;
    private final Duration maxAge;
    private final List<String> exposedHeaders;

    private Cors(Set<String> origins, boolean anyOrigin, Set<String> methods, Set<String> headers, boolean credentials,
                 Duration maxAge, List<String> exposedHeaders) {
        if (anyOrigin && credentials) {
            throw new IllegalArgumentException("CORS: credentials cannot be allowed for any origin (\"*\"): "
                    + "browsers refuse it; name the origins");
        }
        this.origins = origins;
        this.anyOrigin = anyOrigin;
        this.methods = methods;
        this.headers = headers;
        this.credentials = credentials;
        this.maxAge = maxAge;
        this.exposedHeaders = exposedHeaders;
    }

    /**
     * A policy allowing {@code origins} (each {@code scheme://host[:port]}, or the single {@code *}
     * for any origin, without credentials), with GET, HEAD and POST, no extra request headers, no
     * credentials, and preflights cached for 10 minutes.
     */
    public static Cors origins(String... origins) {
        Set<String> set = new LinkedHashSet<>();
        boolean any = false;
        for (String o : origins) {
            if (o.equals("*")) {
                any = true;
                continue;
            }
            set.add(Csrf.requireOrigin("a CORS origin", o));
        }
        if (set.isEmpty() && !any) throw new IllegalArgumentException("CORS: name at least one origin (or \"*\")");
        return new Cors(Set.copyOf(set), any, DEFAULT_METHODS, Set.of(), false, Duration.ofMinutes(10), List.of());
    }

    /** The methods other origins may use (GET, HEAD, POST). */
    public Cors methods(HttpMethod... methods) {
        Set<String> set = new LinkedHashSet<>();
        for (HttpMethod m : methods) set.add(m.name());
        return new Cors(origins, anyOrigin, java.util.Collections.unmodifiableSet(set), headers, credentials, maxAge, exposedHeaders);
    }

    /** The request headers other origins may send beyond the CORS-safelisted ones (none). */
    public Cors headers(String... names) {
        // Kept in the order given (lower case, as browsers send them in Access-Control-Request-Headers).
        Set<String> lower = new LinkedHashSet<>();
        for (String n : names) lower.add(Objects.requireNonNull(n, "header").strip().toLowerCase(Locale.ROOT));
        return new Cors(origins, anyOrigin, methods, java.util.Collections.unmodifiableSet(lower), credentials, maxAge, exposedHeaders);
    }

    /** Whether the browser may send cookies and read the answer to a credentialed request (false). */
    public Cors credentials(boolean allow) {
        return new Cors(origins, anyOrigin, methods, headers, allow, maxAge, exposedHeaders);
    }

    /** How long a browser may cache a preflight's answer (10 minutes). */
    public Cors maxAge(Duration maxAge) {
        if (maxAge.isNegative()) throw new IllegalArgumentException("CORS: maxAge must be >= 0");
        return new Cors(origins, anyOrigin, methods, headers, credentials, maxAge, exposedHeaders);
    }

    /** The response headers other origins' scripts may read beyond the safelisted ones (none). */
    public Cors exposedHeaders(String... names) {
        return new Cors(origins, anyOrigin, methods, headers, credentials, maxAge, List.of(names));
    }

    /** True if {@code origin} (as a browser sends it) is allowed. */
    public boolean allows(String origin) {
        if (origin == null || origin.equals("null")) return false;
        return anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    /** Only origins named explicitly: the CSRF check trusts those, never "any origin". */
    boolean namesOrigin(String origin) {
        return origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    /** The answer to a preflight from {@code origin} asking for {@code method} and {@code requestHeaders}. */
    Object preflight(String origin, String method, String requestHeaders) {
        if (!allows(origin)) return refusal("origin", "CORS: the origin " + origin + " is not allowed here");
        String m = method.trim().toUpperCase(Locale.ROOT);
        if (!methods.contains(m)) {
            return refusal("method", "CORS: the method " + m + " is not allowed here (allowed: " + String.join(", ", methods) + ")");
        }
        if (requestHeaders != null) {
            for (String h : requestHeaders.split(",")) {
                String name = h.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !headers.contains(name)) {
                    return refusal("header", "CORS: the request header " + name + " is not allowed here");
                }
            }
        }
        Response res = new Response().status(204);
        allowOrigin(res, origin);
        res.header("Access-Control-Allow-Methods", String.join(", ", methods));
        if (requestHeaders != null && !requestHeaders.isBlank()) {
            res.header("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        res.header("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()));
        res.header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        return res;
    }

    private static HttpError refusal(String check, String message) {
        return new HttpError(403, message, java.util.Map.of("X-CORS-Failure", check, "Vary", "Origin"),
                java.util.Map.of("cors", check), null);
    }

    /** Adds the headers of an actual (not preflight) response to a request from {@code origin}. */
    void decorate(Response res, String origin) {
        String vary = res.header("Vary");
        if (vary == null) res.header("Vary", "Origin");
        else if (!vary.toLowerCase(Locale.ROOT).contains("origin")) res.header("Vary", vary + ", Origin");
        if (!allows(origin) || res.header("Access-Control-Allow-Origin") != null) return;
        allowOrigin(res, origin);
        if (!exposedHeaders.isEmpty()) res.header("Access-Control-Expose-Headers", String.join(", ", exposedHeaders));
    }

    private void allowOrigin(Response res, String origin) {
        // An echoed origin rather than "*" whenever origins are named, so that credentials work.
        res.header("Access-Control-Allow-Origin", anyOrigin && !namesOrigin(origin) ? "*" : origin);
        if (credentials) res.header("Access-Control-Allow-Credentials", "true");
    }

    @Override
    public String toString() {
        return "Cors[" + (anyOrigin ? "*" : String.join(", ", origins)) + "; " + String.join(", ", methods)
                + (credentials ? "; credentials" : "") + "]";
    }
}
