package dev.duet;

import dev.duet.internal.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a frozen app serves, compiled once from its {@link Registration} and never changed: a
 * router of chains (one per route, every link's kind fixed), the chain for requests no route
 * serves, the error-handler table and the teardown hooks.
 */
final class Pipeline {
    /** The chain of a request answered before any link runs (refused at the door). */
    static final Chain NONE = new Chain("", new Link[0], steps(List.of()), steps(List.of()), 0);

    private final Router<Chain> router;
    private final Chain notFound;
    private final Map<Class<?>, Step<Throwable, Response>> errorsByType;
    private final Map<Integer, Step<Throwable, Response>> errorsByStatus;
    private final Step<Throwable, Throwable>[] teardown;

    private Pipeline(Router<Chain> router, Chain notFound, Registration registration) {
        this.router = router;
        this.notFound = notFound;
        this.errorsByType = Map.copyOf(registration.errorsByType);
        this.errorsByStatus = Map.copyOf(registration.errorsByStatus);
        this.teardown = steps(registration.teardown);
    }

    static Pipeline compile(Registration registration, RouteGroup root, Config config) {
        long appTimeout = config.requestTimeout().toNanos();
        Router<Chain> router = new Router<>();
        for (Route route : registration.routes) {
            List<Links> around = new ArrayList<>();
            for (RouteGroup g = route.group; g != null; g = g.parent) around.addFirst(g.links);
            around.add(route.links);
            long timeout = route.timeout() != null ? route.timeout().toNanos() : appTimeout;
            router.add(route.method(), route.pattern(), chain(route.pattern(), around, route.handler, timeout));
        }
        // Through the app's middleware and hooks like any request, so that e.g. a CORS middleware
        // can answer or decorate a preflight, and teardown sees every request. An async-kind
        // step, so that a 404 never costs a thread hop.
        Step<Response, Response> routing = new Step.Async<>("routing", (req, in) -> {
            Object outcome = req.call.routingOutcome();
            if (outcome instanceof HttpError e) throw e;
            return CompletableFuture.completedFuture((Response) outcome);
        });
        Chain notFound = chain(null, List.of(root.links), routing, appTimeout);
        return new Pipeline(router, notFound, registration);
    }

    /** The links of {@code around} (outermost first) nested around {@code handler}. */
    private static Chain chain(String pattern, List<Links> around, Step<Response, Response> handler, long timeoutNanos) {
        List<Link> middleware = new ArrayList<>();
        List<Step<Response, Response>> front = new ArrayList<>();
        List<Step<Response, Response>> after = new ArrayList<>();
        for (Links l : around) {
            middleware.addAll(l.middleware);
            front.addAll(l.before);
        }
        front.add(handler);
        for (Links l : around.reversed()) after.addAll(l.after);
        return new Chain(pattern, middleware.toArray(Link[]::new), steps(front), steps(after), timeoutNanos);
    }

    @SuppressWarnings("unchecked")
    private static <I, O> Step<I, O>[] steps(List<Step<I, O>> list) {
        return list.toArray(new Step[0]);
    }

    Router.Match<Chain> match(HttpMethod method, String path) {
        return router.match(method, path);
    }

    Chain notFound() {
        return notFound;
    }

    Step<Throwable, Throwable>[] teardown() {
        return teardown;
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
