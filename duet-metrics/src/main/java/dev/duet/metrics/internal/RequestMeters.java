package dev.duet.metrics.internal;

import dev.duet.App;
import dev.duet.AsyncMiddleware;
import dev.duet.AsyncNext;
import dev.duet.HttpMethod;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.Route;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The request timer as middleware. Tags come only from bounded sets: the route's pattern (or one
 * {@code UNMATCHED} value for every request no route matched, so random 404 URLs add one series,
 * not one per URL), the method, the status class and the handler kind. Each Timer is looked up
 * once and kept in an array per route, so a request costs two array reads and a map lookup by an
 * already hashed pattern string, not a tag list built per request.
 */
public final class RequestMeters implements AsyncMiddleware {
    /** The route tag of requests no route matched (404s, mostly). */
    public static final String UNMATCHED = "UNMATCHED";
    private static final HttpMethod[] METHODS = HttpMethod.values();
    private static final String[] STATUS_CLASSES = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private final App app;
    private final MeterRegistry registry;
    private final String name;
    private final boolean histograms;
    private final PerRoute unmatched;
    private volatile Map<String, PerRoute> routes;

    public RequestMeters(App app, MeterRegistry registry, String name, boolean histograms) {
        this.app = app;
        this.registry = registry;
        this.name = name;
        this.histograms = histograms;
        this.unmatched = new PerRoute(UNMATCHED);
    }

    @Override
    public CompletionStage<Response> handle(Request req, AsyncNext next) {
        long start = System.nanoTime();
        return next.proceed().whenComplete((res, error) ->
                timer(req.route(), req.method(), res == null ? 500 : res.status()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /** The timer of one route, method and status; made at first use and kept. */
    Timer timer(String pattern, HttpMethod method, int status) {
        PerRoute r = pattern == null ? unmatched : routes().getOrDefault(pattern, unmatched);
        int s = status >= 100 && status < 600 ? status / 100 : 0;
        int m = method.ordinal();
        Timer[] byStatus = r.timers[m];
        Timer t = byStatus[s];
        if (t == null) {
            // Racing threads both register: the registry hands both the same Timer.
            t = Timer.builder(name).description("HTTP requests, by route pattern")
                    .tags("method", method.name(), "route", r.route, "status", STATUS_CLASSES[s], "kind", r.kinds[m])
                    .publishPercentileHistogram(histograms)
                    .register(registry);
            byStatus[s] = t;
        }
        return t;
    }

    private Map<String, PerRoute> routes() {
        Map<String, PerRoute> map = routes;
        if (map == null) {
            // The app is frozen before its first request reaches middleware, so its routes are final now.
            Map<String, PerRoute> built = new ConcurrentHashMap<>();
            for (Route route : app.routes()) {
                PerRoute r = built.computeIfAbsent(route.pattern(), PerRoute::new);
                r.kinds[route.method().ordinal()] = route.isAsync() ? "async" : "blocking";
            }
            routes = map = built;
        }
        return map;
    }

    private static final class PerRoute {
        final String route;
        final String[] kinds = new String[METHODS.length];
        final Timer[][] timers = new Timer[METHODS.length][STATUS_CLASSES.length];

        PerRoute(String route) {
            this.route = route;
            // A method the route does not serve (a 405, or HEAD/OPTIONS answered by Duet) ran no handler.
            java.util.Arrays.fill(kinds, "none");
        }
    }
}
