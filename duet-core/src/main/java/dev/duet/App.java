package dev.duet;

import dev.duet.internal.Json;
import dev.duet.internal.ProxyTrust;
import dev.duet.internal.RequestIds;
import dev.duet.session.SessionStore;
import dev.duet.spi.EventLoopThread;
import dev.duet.spi.Exchange;
import dev.duet.spi.RawRequest;
import dev.duet.spi.Server;
import dev.duet.spi.ServerCore;
import dev.duet.template.TemplateEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Duet application: routes, middleware, hooks, error handlers and lifecycle, runnable unchanged
 * on any server core. Configure it, then {@link #start()} it (or hand it to a core or the
 * {@link dev.duet.test.TestClient}); starting freezes it: from then on it serves what was
 * registered, compiled once, and any further registration fails with a clear error.
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

    private final Config config;
    private final Tasks tasks;
    private final RequestIds ids = new RequestIds();
    private final ProxyTrust proxyTrust;
    private final Watchdog watchdog;
    private final Answers answers;
    private final Security security;
    private final Rendering rendering = new Rendering();
    private final Sessions sessions;
    private volatile Clock clock = Clock.systemUTC();
    private final Registration registration = new Registration();
    private final RouteGroup root;
    private Json json;

    private volatile Pipeline pipeline;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Server server;
    private volatile Thread shutdownHook; // removed at stop, so a stopped app (and its classes) can be collected
    private final Lifecycle lifecycle;

    private App(Config config) {
        this.config = config;
        this.tasks = new Tasks(config);
        this.lifecycle = new Lifecycle(config, registration.onStart);
        this.proxyTrust = new ProxyTrust(config.trustedProxies());
        this.watchdog = config.dev() ? new Watchdog(config.watchdogThreshold()) : null;
        this.answers = new Answers(config, rendering);
        this.json = Json.forApp(config.dev()); // in dev mode one per app, so a reloaded app's classes can go
        this.sessions = new Sessions(this);
        this.security = new Security(config, proxyTrust);
        this.root = new RouteGroup(registration, answers, null, "");
    }

    /** An app configured from the environment ({@link Config#fromEnvironment()}). */
    public static App create() {
        return new App(Config.fromEnvironment());
    }

    /** An app configured by {@code config}. */
    public static App create(Config config) {
        return new App(config);
    }

    /** The settings this app was created with. */
    public Config config() {
        return config;
    }

    /** The concurrency toolkit (also {@code req.tasks()} inside a request). */
    public Tasks tasks() {
        return tasks;
    }

    /** Uses {@code mapper} for JSON request and response bodies. */
    public App jsonMapper(JsonMapper mapper) {
        registration.checkOpen("the JSON mapper");
        this.json = new Json(mapper);
        return this;
    }

    /**
     * Renders {@link View}s with {@code engine}. Without this, the app uses the engine a module on
     * the class path provides ({@code duet-pebble}, say), if there is exactly one.
     */
    public App templates(TemplateEngine engine) {
        registration.checkOpen("the template engine");
        rendering.engine(Objects.requireNonNull(engine, "engine"));
        return this;
    }

    /** The engine that renders this app's views (given or found on the class path), or null if there is none. */
    public TemplateEngine templates() {
        return rendering.engine(config);
    }

    /**
     * Keeps sessions in {@code store} (duet-redis's, say) instead of in their signed cookie, so that
     * they can be revoked. Also declares that the app uses sessions: outside dev mode it then
     * refuses to start without the secrets setting.
     */
    public App sessions(SessionStore store) {
        registration.checkOpen("the session store");
        sessions.store(Objects.requireNonNull(store, "store"));
        return this;
    }

    /** The clock session expiry and {@link RateLimit}s read (the system's); a test sets one it can move. */
    public App clock(Clock clock) {
        registration.checkOpen("the clock");
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The app's clock: session expiry and rate-limit refills read it. */
    Clock clock() {
        return clock;
    }

    Sessions sessions() {
        return sessions;
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

    Answers answers() {
        return answers;
    }

    Security security() {
        return security;
    }

    // ---- routes, middleware and hooks: the app's root group ----

    @Override
    public Route route(HttpMethod method, String pattern, Handler handler) {
        return root.route(method, pattern, handler);
    }

    @Override
    public Route routeAsync(HttpMethod method, String pattern, AsyncHandler handler) {
        return root.routeAsync(method, pattern, handler);
    }

    /** Adds blocking middleware around every route of the app (and around 404s). */
    @Override
    public App use(Middleware m) {
        root.use(m);
        return this;
    }

    /** Adds async middleware around every route of the app (and around 404s). */
    @Override
    public App useAsync(AsyncMiddleware m) {
        root.useAsync(m);
        return this;
    }

    /** A blocking hook run before every handler (after middleware); it may stop the request by throwing. */
    @Override
    public App before(Hooks.Before hook) {
        root.before(hook);
        return this;
    }

    @Override
    public App beforeAsync(Hooks.AsyncBefore hook) {
        root.beforeAsync(hook);
        return this;
    }

    /** A blocking hook run on every response from a handler or error handler, before middleware sees it. */
    @Override
    public App after(Hooks.After hook) {
        root.after(hook);
        return this;
    }

    @Override
    public App afterAsync(Hooks.AsyncAfter hook) {
        root.afterAsync(hook);
        return this;
    }

    @Override
    public App group(String prefix, Consumer<Routes> body) {
        root.group(prefix, body);
        return this;
    }

    /** CSRF protection for the app's routes, on by default (the {@code csrf} setting); see {@link Csrf}. */
    @Override
    public App csrf(boolean on) {
        root.csrf(on);
        return this;
    }

    /** Answers cross-origin requests to every route by {@code policy} (CORS is off until set). */
    @Override
    public App cors(Cors policy) {
        root.cors(policy);
        return this;
    }

    @Override
    public App controller(String pattern, Object controller) {
        root.controller(pattern, controller);
        return this;
    }

    @Override
    public App pages(String packageName) {
        root.pages(packageName);
        return this;
    }

    @Override
    public App pages(String packageName, Object context) {
        root.pages(packageName, context);
        return this;
    }

    /** Every registered route, in registration order. */
    public List<Route> routes() {
        return List.copyOf(registration.routes);
    }

    // ---- teardown hooks and error handlers ----

    /** A blocking hook that always runs last, with the error that ended the request or null; its failures are logged. */
    public App teardown(Hooks.Teardown hook) {
        registration.checkOpen("a teardown hook");
        registration.teardown.add(answers.teardown(Objects.requireNonNull(hook, "hook")));
        return this;
    }

    /** An async hook that always runs last, with the error that ended the request or null; its failures are logged. */
    public App teardownAsync(Hooks.AsyncTeardown hook) {
        registration.checkOpen("a teardown hook");
        registration.teardown.add(answers.asyncTeardown(Objects.requireNonNull(hook, "hook")));
        return this;
    }

    /** Handles exceptions of {@code type} (and subclasses; the closest registered type wins), blocking. */
    public <E extends Throwable> App error(Class<E> type, ErrorHandler<? super E> handler) {
        registration.checkOpen("the error handler for " + type.getName());
        registration.errorsByType.put(type, answers.errorHandler(type.getSimpleName(), type, handler));
        return this;
    }

    /** Handles exceptions of {@code type} (and subclasses; the closest registered type wins), async. */
    public <E extends Throwable> App errorAsync(Class<E> type, AsyncErrorHandler<? super E> handler) {
        registration.checkOpen("the error handler for " + type.getName());
        registration.errorsByType.put(type, answers.asyncErrorHandler(type.getSimpleName(), type, handler));
        return this;
    }

    /** Handles {@link HttpError}s of {@code status} (including Duet's own 404, 405, 413...), blocking. */
    public App error(int status, ErrorHandler<HttpError> handler) {
        registration.checkOpen("the error handler for " + status);
        registration.errorsByStatus.put(status, answers.errorHandler(Integer.toString(status), HttpError.class, handler));
        return this;
    }

    /** Handles {@link HttpError}s of {@code status} (including Duet's own 404, 405, 413...), async. */
    public App errorAsync(int status, AsyncErrorHandler<HttpError> handler) {
        registration.checkOpen("the error handler for " + status);
        registration.errorsByStatus.put(status, answers.asyncErrorHandler(Integer.toString(status), HttpError.class, handler));
        return this;
    }

    /**
     * Runs once the app serves: after {@link #start} has the server up, or once a container deployed
     * it (a WAR); not for the test client: a test calls {@link Lifecycle#runStartActions} itself.
     */
    public App onStart(Runnable action) {
        registration.checkOpen("a start action");
        registration.onStart.add(Objects.requireNonNull(action, "action"));
        return this;
    }

    /** Runs at shutdown, after in-flight requests and background tasks are done. */
    public App onStop(Runnable action) {
        registration.checkOpen("a stop action");
        registration.onStop.add(Objects.requireNonNull(action, "action"));
        return this;
    }

    // ---- lifecycle ----

    /** Starts the server core named by the {@code core} setting ({@link ServerCore#named}). */
    public App start() {
        return start(ServerCore.named(config.core()));
    }

    /** Starts {@code core} serving this app, and stops it gracefully when the JVM is asked to exit (SIGTERM). */
    public App start(ServerCore core) {
        freeze();
        try {
            server = core.start(this);
            lifecycle.serving(server);
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + core.name() + " on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        shutdownHook = Thread.ofPlatform().name("duet-shutdown").unstarted(this::stop);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        log.info("Duet {} serving {} routes on http://{}:{}{}", core.name(), registration.routes.size(),
                config.host().equals("0.0.0.0") ? "localhost" : config.host(), server.port(), config.dev() ? " (dev mode)" : "");
        lifecycle.runStartActions();
        return this;
    }

    /** The port the server bound; fails if not started. */
    public int port() {
        if (server == null) throw new IllegalStateException("the app is not started");
        return server.port();
    }

    /**
     * Graceful stop: {@link Lifecycle#stopping()} turns true (and, if readiness is served, the app
     * serves on for {@code shutdownReadinessDelay}); then the core stops accepting and finishes
     * in-flight requests, background tasks drain, then stop hooks run, all within the
     * {@code shutdownGrace} setting. Idempotent.
     */
    public void stop() {
        if (EventLoopThread.isCurrent()) {
            // A loop (or Duet's timer) must not block for the grace, and the core's stop would
            // return at once there, letting the stop hooks run before in-flight requests end.
            Thread.ofPlatform().name("duet-stop").start(this::stop);
            return;
        }
        Thread hook = shutdownHook;
        try {
            if (hook != null && hook != Thread.currentThread()) Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) { /* the JVM is exiting: the hooks are running */ }
        lifecycle.stop(server, tasks, registration.onStop, watchdog);
    }

    /** Where the app is in its life: {@link Lifecycle#stopping()} is what readiness probes read. */
    public Lifecycle lifecycle() {
        return lifecycle;
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

    /**
     * Fixes the app as registered and compiles every chain; called by {@link #start} and the test
     * client. Idempotent. From then on any registration fails.
     */
    public synchronized void freeze() {
        if (pipeline != null) return;
        sessions.checkAtStart();
        registration.freeze();
        rendering.engine(config); // a second provider on the class path fails the start, not the first page
        pipeline = Pipeline.compile(this, registration, root);
    }

    // ---- dispatch (for cores and the test client) ----

    /**
     * For cores that dispatch from an event loop: starts handling {@code raw} and returns its
     * exchange. Async links run right here, blocking ones hop to virtual threads.
     */
    public Exchange dispatch(RawRequest raw) {
        Exchange exchange = open(raw, null);
        exchange.start();
        return exchange;
    }

    /**
     * For blocking cores: the exchange of {@code raw}, not started yet, so that the core holds it
     * (to {@link Exchange#abort abort} it from another thread, say when the client goes away)
     * before any link runs. {@link Exchange#start()} then runs it; blocking links run inline on
     * {@code blockingThread} (the calling container thread) while start runs there, or on virtual
     * threads if it is null.
     */
    public Exchange open(RawRequest raw, Thread blockingThread) {
        Pipeline p = pipeline;
        if (p == null) {
            freeze();
            p = pipeline;
        }
        String sent = raw.headers().get("X-Request-Id");
        String id = RequestIds.acceptable(sent) ? sent : ids.next();
        return p.open(raw, blockingThread, id, inFlight.incrementAndGet() > config.maxInFlight());
    }

    /** For {@link Call}: a request is no longer in flight. */
    void exchangeEnded() {
        inFlight.decrementAndGet();
    }

    @Override
    public String toString() {
        return "App[" + registration.routes.size() + " routes]";
    }
}
