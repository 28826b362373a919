package dev.duet;

import dev.duet.internal.Router;
import dev.duet.spi.RawRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * What a frozen app serves, compiled once from its {@link Registration} and never changed: a
 * router of chains (one per route, every link's kind fixed), the chain for requests no route
 * serves, the error-handler table, the teardown hooks and the response compression.
 */
final class Pipeline {
    /** The chain of a request answered before any link runs (refused at the door). */
    static final Chain NONE = new Chain("", new Link[0], steps(List.of()), steps(List.of()), 0, null, false);

    private final App app;
    private final Config config;
    private final Router<Chain> router;
    private final Chain notFound;
    private final Map<Class<?>, Step<Throwable, Response>> errorsByType;
    private final Map<Integer, Step<Throwable, Response>> errorsByStatus;
    private final Step<Throwable, Throwable>[] teardown;
    private final Compression compression;

    private Pipeline(App app, Router<Chain> router, Chain notFound, Registration registration) {
        this.app = app;
        this.config = app.config();
        this.router = router;
        this.notFound = notFound;
        this.errorsByType = Map.copyOf(registration.errorsByType);
        this.errorsByStatus = Map.copyOf(registration.errorsByStatus);
        this.teardown = steps(registration.teardown);
        this.compression = new Compression(config);
    }

    static Pipeline compile(App app, Registration registration, RouteGroup root) {
        long appTimeout = app.config().requestTimeout().toNanos();
        Router<Chain> router = new Router<>();
        for (Route route : registration.routes) {
            List<Links> around = new ArrayList<>();
            for (RouteGroup g = route.group; g != null; g = g.parent) around.addFirst(g.links);
            around.add(route.links);
            long timeout = route.timeout() != null ? route.timeout().toNanos() : appTimeout;
            Cors cors = route.corsPolicy();
            Link csrf = route.csrfChecked(app.config().csrf()) && !Security.SAFE.contains(route.method())
                    ? app.security().csrfLink(cors) : null;
            router.add(route.method(), route.pattern(), chain(route.pattern(), around, route.handler, timeout, csrf, cors,
                    route.compresses()));
        }
        // Through the app's middleware and hooks like any request, so that e.g. a CORS middleware
        // can answer or decorate a preflight, and teardown sees every request. An async-kind
        // step, so that a 404 never costs a thread hop.
        Step<Response, Response> routing = new Step.Async<>("routing", (req, in) -> {
            Object outcome = req.call.routingOutcome();
            if (outcome instanceof HttpError e) throw e;
            return CompletableFuture.completedFuture((Response) outcome);
        });
        Chain notFound = chain(null, List.of(root.links), routing, appTimeout, null, root.cors, true);
        return new Pipeline(app, router, notFound, registration);
    }

    /** The links of {@code around} (outermost first) nested around {@code handler}. */
    private static Chain chain(String pattern, List<Links> around, Step<Response, Response> handler, long timeoutNanos,
                               Link csrf, Cors cors, boolean compress) {
        List<Link> middleware = new ArrayList<>();
        // Outside every middleware of the app's: a forged request must not reach any of them.
        if (csrf != null) middleware.add(csrf);
        List<Step<Response, Response>> front = new ArrayList<>();
        List<Step<Response, Response>> after = new ArrayList<>();
        for (Links l : around) {
            middleware.addAll(l.middleware);
            front.addAll(l.before);
        }
        front.add(handler);
        for (Links l : around.reversed()) after.addAll(l.after);
        return new Chain(pattern, middleware.toArray(Link[]::new), steps(front), steps(after), timeoutNanos, cors, compress);
    }

    @SuppressWarnings("unchecked")
    private static <I, O> Step<I, O>[] steps(List<Step<I, O>> list) {
        return list.toArray(new Step[0]);
    }

    /**
     * The call for {@code raw}, not started: routed to its chain, or answered at the door (over
     * the in-flight limit, an unknown method, a body over the limit, a malformed target).
     */
    Call open(RawRequest raw, Thread blockingThread, String id, boolean overLimit) {
        HttpMethod method = HttpMethod.parse(raw.method());
        if (overLimit) {
            return Call.answered(app, raw, method, id, new HttpError(503, "The server is at its limit of "
                    + config.maxInFlight() + " requests in flight; try again shortly", Map.of("Retry-After", "1"), null));
        }
        if (method == null) {
            return Call.answered(app, raw, HttpMethod.GET, id, new HttpError(501, "Method " + raw.method() + " is not supported"));
        }
        // Cores refuse large bodies while reading; this keeps every entry point (the test client too) to the same limit.
        if (raw.body().length > config.maxBodySize()) {
            return Call.answered(app, raw, method, id, new HttpError(413, "Request body larger than the limit of "
                    + config.maxBodySize() + " bytes (maxBodySize)"));
        }
        String path = pathOf(raw.uri());
        Router.Match<Chain> match;
        try {
            match = router.match(method, path);
        } catch (HttpError e) { // what is wrong with it: a malformed escape, bytes that are not UTF-8
            return Call.answered(app, raw, method, id, HttpError.badRequest("Malformed request target: " + raw.uri() + " (" + e.getMessage() + ")"));
        } catch (RuntimeException e) {
            return Call.answered(app, raw, method, id, HttpError.badRequest("Malformed request target: " + raw.uri()));
        }
        Object preflight = method == HttpMethod.OPTIONS ? preflight(raw, path) : null;
        if (preflight != null) return Call.answered(app, raw, method, id, preflight);
        if (!match.found()) {
            return new Call(app, this, raw, method, id, notFound, blockingThread, routingOutcome(method, path, match.allowed()));
        }
        Call call = new Call(app, this, raw, method, id, match.value(), blockingThread, null);
        call.req().route(match.pattern(), match.names(), match.values());
        return call;
    }

    /**
     * The answer to a CORS preflight for a route with a policy, before any link runs; null if the
     * request is no preflight, or its route has no policy (then it is an ordinary OPTIONS).
     */
    private Object preflight(RawRequest raw, String path) {
        String origin = raw.headers().get("Origin");
        String asked = raw.headers().get("Access-Control-Request-Method");
        if (origin == null || asked == null) return null;
        HttpMethod target = HttpMethod.parse(asked.strip().toUpperCase(java.util.Locale.ROOT));
        Cors cors = null;
        if (target != null) {
            Router.Match<Chain> m = router.match(target, path);
            if (m.found()) {
                cors = m.value().cors();
            } else {
                // A method the path does not serve: the policy of the routes it does serve answers
                // (refusing the method, or allowing it and leaving the 405 to the actual request).
                for (HttpMethod other : m.allowed()) {
                    Router.Match<Chain> served = router.match(other, path);
                    if (served.found() && served.value().cors() != null) {
                        cors = served.value().cors();
                        break;
                    }
                }
            }
        }
        if (cors == null) cors = notFound.cors(); // the app's policy answers for methods no route serves
        return cors == null ? null : cors.preflight(origin, asked, raw.headers().get("Access-Control-Request-Headers"));
    }

    /** What a request no route serves gets: 404, 405 with Allow, or the automatic answer to OPTIONS. */
    private static Object routingOutcome(HttpMethod method, String path, Set<HttpMethod> allowed) {
        if (allowed.isEmpty()) return HttpError.notFound("No route for " + method + " " + path);
        String allow = allowed.stream().sorted().map(Enum::name).collect(Collectors.joining(", "));
        if (method == HttpMethod.OPTIONS) return new Response().status(204).header("Allow", allow);
        return new HttpError(405, "Method " + method + " is not allowed for " + path, Map.of("Allow", allow), null);
    }

    private static String pathOf(String uri) {
        int end = uri.length();
        int q = uri.indexOf('?');
        if (q >= 0) end = q;
        int h = uri.indexOf('#');
        if (h >= 0 && h < end) end = h;
        String path = uri.substring(0, end);
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return path;
    }

    Step<Throwable, Throwable>[] teardown() {
        return teardown;
    }

    /** How responses are compressed (the {@code compression} settings, and the codings found). */
    Compression compression() {
        return compression;
    }

    /** The closest error handler for {@code error}: by status for HttpErrors, then by type up the class chain; or null. */
    Step<Throwable, Response> errorHandlerFor(Throwable error) {
        if (error instanceof HttpError h) {
            Step<Throwable, Response> s = errorsByStatus.get(h.status());
            if (s != null) return s;
        }
        for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
            Step<Throwable, Response> s = errorsByType.get(c);
            if (s != null) return s;
        }
        return null;
    }
}
