package dev.duet;

import dev.duet.internal.ErrorPages;
import dev.duet.internal.Json;
import dev.duet.internal.ProxyTrust;
import dev.duet.internal.RequestIds;
import dev.duet.internal.Router;
import dev.duet.spi.Exchange;
import dev.duet.spi.RawRequest;
import dev.duet.spi.Server;
import dev.duet.spi.ServerCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A Duet application: routes, middleware, hooks, error handlers and lifecycle, runnable unchanged
 * on any server core. Configure it, then {@link #start()} it (or hand it to a core or the
 * {@link dev.duet.test.TestClient}); once started its routes are fixed.
 *
 * <pre>{@code
 * App app = App.create();
 * app.get("/check", req -> "OK");                                   // blocking handler
 * app.getAsync("/slow-async", req -> req.tasks().delay(Duration.ofMillis(100)).thenApply(x -> "done"));
 * app.before(req -> log.info("{} {}", req.method(), req.path()));   // blocking hook
 * app.error(IllegalArgumentException.class, (req, e) -> Response.text(e.getMessage()).status(400));
 * app.start();                                                       // Netty on :8000 by default
 * }</pre>
 */
public final class App implements Routes {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    static final Chain EMPTY_CHAIN = Chain.of("", List.of(), List.of(), List.of(), 0);

    private final Config config;
    private final Tasks tasks;
    private final RequestIds ids = new RequestIds();
    private final ProxyTrust proxyTrust;
    private final Watchdog watchdog;
    private volatile Json json = Json.defaults();

    private final List<Route> routes = new ArrayList<>();
    // Every pattern is added here as it is registered, so a duplicate or malformed route fails at
    // its registration line rather than later at start.
    private final Router<Route> registered = new Router<>();
    private final List<Object> middleware = new ArrayList<>();
    private final List<Step> before = new ArrayList<>();
    private final List<Step> after = new ArrayList<>();
    private final List<Step> teardown = new ArrayList<>();
    private final Map<Class<?>, Step> errorsByType = new LinkedHashMap<>();
    private final Map<Integer, Step> errorsByStatus = new LinkedHashMap<>();
    private final List<Runnable> onStart = new ArrayList<>();
    private final List<Runnable> onStop = new ArrayList<>();
    private final Set<String> warnedStageFromBlocking = ConcurrentHashMap.newKeySet();

    private volatile boolean frozen;
    private Router<Chain> router;
    private Chain notFound;
    private Step[] teardownSteps = new Step[0];
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Server server;
    private volatile boolean stopped;

    private App(Config config) {
        this.config = config;
        this.tasks = new Tasks(config);
        this.proxyTrust = new ProxyTrust(config.trustedProxies());
        this.watchdog = config.dev() ? new Watchdog(config.watchdogThreshold()) : null;
    }

    /** An app configured from the environment ({@link Config#fromEnvironment()}). */
    public static App create() {
        return new App(Config.fromEnvironment());
    }

    public static App create(Config config) {
        return new App(config);
    }

    public Config config() {
        return config;
    }

    /** The concurrency toolkit (also {@code req.tasks()} inside a request). */
    public Tasks tasks() {
        return tasks;
    }

    /** Uses {@code mapper} for JSON request and response bodies. */
    public App jsonMapper(JsonMapper mapper) {
        this.json = new Json(mapper);
        return this;
    }

    Json json() {
        return json;
    }

    ProxyTrust proxyTrust() {
        return proxyTrust;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    // ---- routes ----

    @Override
    public Route route(HttpMethod method, String pattern, Handler handler) {
        return addRoute(method, pattern, blockingHandler(method + " " + pattern, handler), List.of());
    }

    @Override
    public Route routeAsync(HttpMethod method, String pattern, AsyncHandler handler) {
        return addRoute(method, pattern, asyncHandler(method + " " + pattern, handler), List.of());
    }

    /** Adds blocking middleware around every route of the app, whenever registered (and around 404s). */
    @Override
    public App use(Middleware m) {
        checkNotFrozen();
        middleware.add(m);
        return this;
    }

    /** Adds async middleware around every route of the app, whenever registered (and around 404s). */
    @Override
    public App useAsync(AsyncMiddleware m) {
        checkNotFrozen();
        middleware.add(m);
        return this;
    }

    @Override
    public Routes group(String prefix, Consumer<Routes> body) {
        Group g = new Group(normalizePrefix(prefix), List.of());
        body.accept(g);
        return this;
    }

    @Override
    public Routes controller(String pattern, Object controller) {
        registerController(this, pattern, controller);
        return this;
    }

    /** Every registered route, in registration order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private Route addRoute(HttpMethod method, String pattern, Step handler, List<Object> groupMiddleware) {
        checkNotFrozen();
        if (pattern.isEmpty() || pattern.charAt(0) != '/') {
            throw new IllegalArgumentException("a route pattern must start with '/': " + pattern);
        }
        Route r = new Route(method, pattern, handler, groupMiddleware);
        registered.add(method, pattern, r);
        routes.add(r);
        return r;
    }

    private final class Group implements Routes {
        private final String prefix;
        private final List<Object> middleware;

        Group(String prefix, List<Object> middleware) {
            this.prefix = prefix;
            this.middleware = new ArrayList<>(middleware);
        }

        @Override
        public Route route(HttpMethod method, String pattern, Handler handler) {
            String full = join(prefix, pattern);
            return addRoute(method, full, blockingHandler(method + " " + full, handler), middleware);
        }

        @Override
        public Route routeAsync(HttpMethod method, String pattern, AsyncHandler handler) {
            String full = join(prefix, pattern);
            return addRoute(method, full, asyncHandler(method + " " + full, handler), middleware);
        }

        @Override
        public Routes use(Middleware m) {
            checkNotFrozen();
            middleware.add(m);
            return this;
        }

        @Override
        public Routes useAsync(AsyncMiddleware m) {
            checkNotFrozen();
            middleware.add(m);
            return this;
        }

        @Override
        public Routes group(String sub, Consumer<Routes> body) {
            body.accept(new Group(join(prefix, normalizePrefix(sub)), middleware));
            return this;
        }

        @Override
        public Routes controller(String pattern, Object controller) {
            registerController(this, pattern, controller);
            return this;
        }
    }

    private static String normalizePrefix(String prefix) {
        if (prefix.isEmpty() || prefix.equals("/")) return "";
        if (prefix.charAt(0) != '/') throw new IllegalArgumentException("a group prefix must start with '/': " + prefix);
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private static String join(String prefix, String pattern) {
        if (pattern.isEmpty() || pattern.charAt(0) != '/') {
            throw new IllegalArgumentException("a route pattern must start with '/': " + pattern);
        }
        if (prefix.isEmpty()) return pattern;
        return pattern.equals("/") ? prefix : prefix + pattern;
    }

    private static void registerController(Routes routes, String pattern, Object controller) {
        int found = 0;
        for (Method m : controller.getClass().getMethods()) {
            HttpMethod verb = switch (m.getName()) {
                case "get" -> HttpMethod.GET;
                case "post" -> HttpMethod.POST;
                case "put" -> HttpMethod.PUT;
                case "patch" -> HttpMethod.PATCH;
                case "delete" -> HttpMethod.DELETE;
                default -> null;
            };
            if (verb == null || m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers())) continue;
            if (m.getParameterCount() != 1 || m.getParameterTypes()[0] != Request.class) {
                throw new IllegalArgumentException(controller.getClass().getName() + "." + m.getName()
                        + " must take exactly one parameter, a dev.duet.Request, to serve " + verb + " " + pattern);
            }
            MethodHandle mh;
            try {
                m.setAccessible(true);
                mh = MethodHandles.lookup().unreflect(m).bindTo(controller);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalArgumentException("cannot call " + m + ": " + e.getMessage(), e);
            }
            found++;
            if (CompletionStage.class.isAssignableFrom(m.getReturnType())) {
                routes.routeAsync(verb, pattern, req -> (CompletionStage<?>) invoke(mh, req));
            } else {
                routes.route(verb, pattern, req -> invoke(mh, req));
            }
        }
        if (found == 0) {
            throw new IllegalArgumentException(controller.getClass().getName()
                    + " has no public get/post/put/patch/delete(Request) method");
        }
    }

    private static Object invoke(MethodHandle mh, Request req) throws Exception {
        try {
            return mh.invoke(req);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // ---- hooks and error handlers ----

    /** A blocking hook run before every handler (after middleware); it may stop the request by throwing. */
    public App before(Hooks.Before hook) {
        checkNotFrozen();
        before.add(new Step.Blocking("before hook", (req, in) -> {
            hook.before(req);
            return null;
        }));
        return this;
    }

    public App beforeAsync(Hooks.AsyncBefore hook) {
        checkNotFrozen();
        before.add(new Step.Async("async before hook", (req, in) -> hook.before(req).thenApply(x -> null)));
        return this;
    }

    /** A blocking hook run on every response from a handler or error handler, before middleware sees it. */
    public App after(Hooks.After hook) {
        checkNotFrozen();
        after.add(new Step.Blocking("after hook", (req, in) -> {
            hook.after(req, (Response) in);
            return in;
        }));
        return this;
    }

    public App afterAsync(Hooks.AsyncAfter hook) {
        checkNotFrozen();
        after.add(new Step.Async("async after hook", (req, in) -> hook.after(req, (Response) in).thenApply(x -> in)));
        return this;
    }

    /** A blocking hook that always runs last, with the error that ended the request or null; its failures are logged. */
    public App teardown(Hooks.Teardown hook) {
        checkNotFrozen();
        teardown.add(new Step.Blocking("teardown hook", (req, in) -> {
            try {
                hook.teardown(req, (Throwable) in);
            } catch (Exception e) {
                log.error("Teardown hook failed for {}", req, e);
            }
            return in;
        }));
        return this;
    }

    public App teardownAsync(Hooks.AsyncTeardown hook) {
        checkNotFrozen();
        teardown.add(new Step.Async("async teardown hook", (req, in) -> {
            CompletionStage<?> s;
            try {
                s = hook.teardown(req, (Throwable) in);
            } catch (Exception e) {
                log.error("Teardown hook failed for {}", req, e);
                return java.util.concurrent.CompletableFuture.completedFuture(in);
            }
            return s.handle((x, e) -> {
                if (e != null) log.error("Teardown hook failed for {}", req, e);
                return in;
            });
        }));
        return this;
    }

    /** Handles exceptions of {@code type} (and subclasses; the closest registered type wins), blocking. */
    public <E extends Throwable> App error(Class<E> type, ErrorHandler<? super E> handler) {
        checkNotFrozen();
        errorsByType.put(type, new Step.Blocking("error handler for " + type.getSimpleName(),
                (req, in) -> toResponse(handler.handle(req, type.cast(in)), true, req)));
        return this;
    }

    public <E extends Throwable> App errorAsync(Class<E> type, AsyncErrorHandler<? super E> handler) {
        checkNotFrozen();
        errorsByType.put(type, new Step.Async("async error handler for " + type.getSimpleName(),
                (req, in) -> mapAsync(handler.handle(req, type.cast(in)), req)));
        return this;
    }

    /** Handles {@link HttpError}s of {@code status} (including Duet's own 404, 405, 413...), blocking. */
    public App error(int status, ErrorHandler<HttpError> handler) {
        checkNotFrozen();
        errorsByStatus.put(status, new Step.Blocking("error handler for " + status,
                (req, in) -> toResponse(handler.handle(req, (HttpError) in), true, req)));
        return this;
    }

    public App errorAsync(int status, AsyncErrorHandler<HttpError> handler) {
        checkNotFrozen();
        errorsByStatus.put(status, new Step.Async("async error handler for " + status,
                (req, in) -> mapAsync(handler.handle(req, (HttpError) in), req)));
        return this;
    }

    /** Runs once the server is up (or the test client first dispatches). */
    public App onStart(Runnable action) {
        onStart.add(action);
        return this;
    }

    /** Runs at shutdown, after in-flight requests and background tasks are done. */
    public App onStop(Runnable action) {
        onStop.add(action);
        return this;
    }

    // ---- lifecycle ----

    /** Starts the server core named by the {@code core} setting (found with ServiceLoader). */
    public App start() {
        ServerCore found = null;
        List<String> names = new ArrayList<>();
        for (ServerCore core : ServiceLoader.load(ServerCore.class)) {
            names.add(core.name());
            if (core.name().equals(config.core())) found = core;
        }
        if (found == null) {
            throw new IllegalStateException("no server core named '" + config.core() + "' on the class path"
                    + (names.isEmpty() ? " (add dev.duet:duet-netty)" : "; found " + names));
        }
        return start(found);
    }

    /** Starts {@code core} serving this app, and stops it gracefully when the JVM is asked to exit (SIGTERM). */
    public App start(ServerCore core) {
        freeze();
        try {
            server = core.start(this);
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + core.name() + " on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("duet-shutdown").unstarted(this::stop));
        log.info("Duet {} serving {} routes on http://{}:{}{}", core.name(), routes.size(),
                config.host().equals("0.0.0.0") ? "localhost" : config.host(), server.port(), config.dev() ? " (dev mode)" : "");
        onStart.forEach(Runnable::run);
        return this;
    }

    /** The port the server bound; fails if not started. */
    public int port() {
        if (server == null) throw new IllegalStateException("the app is not started");
        return server.port();
    }

    /**
     * Graceful stop: the core stops accepting and finishes in-flight requests, background tasks
     * drain, then stop hooks run, all within the {@code shutdownGrace} setting. Idempotent.
     */
    public void stop() {
        synchronized (this) {
            if (stopped) return;
            stopped = true;
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        Server s = server;
        if (s != null) s.stop(config.shutdownGrace());
        tasks.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        for (Runnable r : onStop) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("Stop hook failed", e);
            }
        }
        tasks.close();
        if (watchdog != null) watchdog.close();
    }

    /** Requests in flight now (dispatched, response not yet sent). */
    public int inFlight() {
        return inFlight.get();
    }

    /** For cores: waits until no request is in flight or {@code timeout} passes; true if idle. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() >= deadline) return false;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Fixes the routes and compiles every chain; called by {@link #start} and the test client. Idempotent. */
    public synchronized void freeze() {
        if (frozen) return;
        Router<Chain> r = new Router<>();
        long appTimeout = config.requestTimeout().toNanos();
        for (Route route : routes) {
            List<Object> mws = new ArrayList<>(middleware);
            mws.addAll(route.middleware);
            List<Step> front = new ArrayList<>(before);
            front.add(route.handler);
            long timeout = route.timeout != null ? route.timeout.toNanos() : appTimeout;
            r.add(route.method, route.pattern, Chain.of(route.pattern, mws, front, after, timeout));
        }
        router = r;
        List<Step> nf = new ArrayList<>(before);
        // An async-kind step, so that a 404 never costs a thread hop.
        nf.add(new Step.Async("routing", (req, in) -> {
            Object outcome = req.attribute(ROUTING_OUTCOME);
            if (outcome instanceof HttpError e) throw e;
            return java.util.concurrent.CompletableFuture.completedFuture(outcome);
        }));
        notFound = Chain.of(null, middleware, nf, after, appTimeout);
        teardownSteps = teardown.toArray(Step[]::new);
        frozen = true;
    }

    /** What routing decided for a request no route serves: a 404/405 HttpError, or the automatic OPTIONS answer. */
    private static final String ROUTING_OUTCOME = "duet.routing";

    private void checkNotFrozen() {
        if (frozen) throw new IllegalStateException("the app has started; its routes, hooks and handlers are fixed");
    }

    // ---- dispatch (for cores and the test client) ----

    /**
     * For cores: starts handling {@code raw} and returns its exchange. Call it from the thread that
     * read the request (an event loop): async links run right here.
     */
    public Exchange dispatch(RawRequest raw) {
        return dispatch(raw, null);
    }

    /**
     * For blocking cores: like {@link #dispatch(RawRequest)}, but blocking links may run on
     * {@code blockingThread} (the calling container thread) instead of a new virtual thread.
     */
    public Exchange dispatch(RawRequest raw, Thread blockingThread) {
        if (!frozen) freeze();
        String sent = raw.headers().get("X-Request-Id");
        String id = RequestIds.acceptable(sent) ? sent : ids.next();
        HttpMethod method = HttpMethod.parse(raw.method());
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            return immediate(raw, method, id, new HttpError(503, "The server is at its limit of "
                    + config.maxInFlight() + " requests in flight; try again shortly", Map.of("Retry-After", "1"), null));
        }
        if (method == null) {
            return immediate(raw, HttpMethod.GET, id, new HttpError(501, "Method " + raw.method() + " is not supported"));
        }
        // Cores refuse large bodies while reading; this keeps every entry point (the test client too) to the same limit.
        if (raw.body().length > config.maxBodySize()) {
            return immediate(raw, method, id, new HttpError(413, "Request body larger than the limit of "
                    + config.maxBodySize() + " bytes (maxBodySize)"));
        }
        Call call;
        Router.Match<Chain> match;
        String path = pathOf(raw.uri());
        try {
            match = router.match(method, path);
        } catch (RuntimeException e) {
            return immediate(raw, method, id, HttpError.badRequest("Malformed request target: " + raw.uri()));
        }
        if (match.found()) {
            call = new Call(this, raw, method, id, match.value(), blockingThread);
            call.req().route(match.pattern(), match.names(), match.values());
        } else {
            // Through the app's middleware and hooks like any request, so that e.g. a CORS
            // middleware can answer or decorate a preflight, and teardown sees every request.
            call = new Call(this, raw, method, id, notFound, blockingThread);
            Object outcome;
            if (match.allowed().isEmpty()) {
                outcome = HttpError.notFound("No route for " + method + " " + path);
            } else if (method == HttpMethod.OPTIONS) {
                outcome = new Response().status(204).header("Allow", allowHeader(match.allowed()));
            } else {
                outcome = new HttpError(405, "Method " + method + " is not allowed for " + path,
                        Map.of("Allow", allowHeader(match.allowed())), null);
            }
            call.req().attribute(ROUTING_OUTCOME, outcome);
        }
        call.start();
        return call;
    }

    private Exchange immediate(RawRequest raw, HttpMethod method, String id, Object outcome) {
        return new Call(this, raw, method, id, outcome);
    }

    private static String allowHeader(Set<HttpMethod> allowed) {
        return allowed.stream().sorted().map(Enum::name).collect(Collectors.joining(", "));
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

    void exchangeEnded() {
        inFlight.decrementAndGet();
    }

    Step[] teardownSteps() {
        return teardownSteps;
    }

    /** The closest error handler for {@code error}: by status for HttpErrors, then by type up the class chain. */
    Step errorStepFor(Throwable error) {
        if (error instanceof HttpError h) {
            Step s = errorsByStatus.get(h.status());
            if (s != null) return s;
        }
        for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
            Step s = errorsByType.get(c);
            if (s != null) return s;
        }
        return null;
    }

    /** Duet's own error response: JSON or HTML as the {@code errors} setting says; 5xx are logged with the stack. */
    Response defaultError(Request req, Throwable error) {
        int status;
        String message;
        Map<String, String> headers = Map.of();
        Object details = null;
        if (error instanceof HttpError h) {
            status = h.status();
            message = h.getMessage();
            headers = h.headers();
            details = h.details();
        } else if (error instanceof java.util.concurrent.CancellationException) {
            status = 503;
            message = "The request was cancelled";
        } else {
            status = 500;
            message = "Internal Server Error";
        }
        if (status >= 500 && !(error instanceof HttpError)) {
            log.error("Request {} failed", req, error);
        } else if (status >= 500) {
            log.warn("Request {} answered {}: {}", req, status, message);
        }
        Throwable trace = config.dev() && status >= 500 ? error : null;
        if (config.dev() && !(error instanceof HttpError)) message = error.toString();
        Response res = config.errors().json(req.header("Accept"), req.contentType())
                ? Response.json(ErrorPages.json(status, message, req.id(), details, trace))
                : Response.html(ErrorPages.html(status, message, req.id(), details, trace));
        res.status(status).cause(error);
        headers.forEach(res::header);
        return res;
    }

    /** Maps a handler's return value to a response (see {@link Handler}). */
    Response toResponse(Object value, boolean fromBlocking, Request req) throws Exception {
        return switch (value) {
            case null -> new Response().status(204);
            case Response r -> r;
            case Optional<?> o -> {
                if (o.isEmpty()) throw HttpError.notFound("Not found");
                yield toResponse(o.get(), fromBlocking, req);
            }
            case CompletionStage<?> s -> {
                if (!fromBlocking) {
                    throw new IllegalStateException("an async handler's stage completed with another CompletionStage;"
                            + " use thenCompose to flatten it");
                }
                if (warnedStageFromBlocking.add(String.valueOf(req.route()))) {
                    log.warn("{} is registered as blocking but returned a CompletionStage; it works (the virtual thread"
                            + " waits), but register it async (e.g. getAsync) to skip the thread", req.route());
                }
                yield toResponse(req.call.await(s), true, req);
            }
            default -> new Response().body(value);
        };
    }

    private Step blockingHandler(String label, Handler handler) {
        return new Step.Blocking("handler " + label, (req, in) -> toResponse(handler.handle(req), true, req));
    }

    private Step asyncHandler(String label, AsyncHandler handler) {
        return new Step.Async("async handler " + label, (req, in) -> {
            CompletionStage<?> s = handler.handle(req);
            if (s == null) throw new IllegalStateException("async handler " + label + " returned null instead of a CompletionStage");
            return mapAsync(s, req);
        });
    }

    private CompletionStage<Response> mapAsync(CompletionStage<?> stage, Request req) {
        return stage.thenApply(v -> {
            try {
                return toResponse(v, false, req);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Override
    public String toString() {
        return "App[" + routes.size() + " routes]";
    }
}
