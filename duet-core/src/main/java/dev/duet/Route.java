package dev.duet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One registered route and its own options, set fluently right after registering it: a deadline,
 * and middleware and hooks for this route only (inside the app's and its groups').
 *
 * <pre>{@code
 * app.get("/report", req -> slowReport()).timeout(Duration.ofSeconds(2));
 * app.delete("/users/{id:long}", req -> users.delete(req.pathLong("id")))
 *    .before(req -> requireAdmin(req));                       // a blocking hook for this route only
 * }</pre>
 *
 * Like every registration, these fail once the app has started.
 */
public final class Route {
    private final Registration registration;
    private final HttpMethod method;
    private final String pattern;
    final Step<Response, Response> handler;
    /** The group the route was registered in (the app's root group at the top). */
    final RouteGroup group;
    final Links links;
    private final String source;
    private Duration timeout;
    private Boolean csrf;
    private Cors cors;
    private boolean compress = true;

    Route(Registration registration, HttpMethod method, String pattern, Step<Response, Response> handler, RouteGroup group,
          String source) {
        this.registration = registration;
        this.source = source;
        this.method = method;
        this.pattern = pattern;
        this.handler = handler;
        this.group = group;
        this.links = new Links(registration);
    }

    /** This route's deadline, replacing the app's {@code requestTimeout}; past it the client gets 504. */
    public Route timeout(Duration timeout) {
        if (timeout.isNegative()) throw new IllegalArgumentException("timeout must be >= 0");
        registration.checkOpen("the timeout of " + this);
        this.timeout = timeout;
        return this;
    }

    /**
     * Turns this route's CSRF check off ({@code false}: a webhook, say, authenticated otherwise) or
     * on, whatever its group and the app say. See {@link Csrf}.
     */
    public Route csrf(boolean on) {
        registration.checkOpen("the CSRF setting of " + this);
        this.csrf = on;
        return this;
    }

    /**
     * Turns response compression off for this route ({@code false}: a page that shows a secret
     * beside text the client chooses, whose compressed size would give the secret away, BREACH), or
     * back on. See the {@code compression} setting of {@link Config} and docs/compression.md.
     *
     * <pre>{@code
     * app.get("/account", req -> accountPage(req)).compress(false);
     * }</pre>
     */
    public Route compress(boolean on) {
        registration.checkOpen("the compression setting of " + this);
        this.compress = on;
        return this;
    }

    /** Whether this route's responses may be compressed. */
    boolean compresses() {
        return compress;
    }

    /** Answers cross-origin requests to this route by {@code policy}, whatever its groups say. */
    public Route cors(Cors policy) {
        registration.checkOpen("the CORS policy of " + this);
        this.cors = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Blocking middleware for this route only, inside the app's and its groups'. */
    public Route use(Middleware middleware) {
        links.use(middleware);
        return this;
    }

    /** Async middleware for this route only, inside the app's and its groups'. */
    public Route useAsync(AsyncMiddleware middleware) {
        links.useAsync(middleware);
        return this;
    }

    /** A blocking hook run before this route's handler, after the app's and its groups' before hooks. */
    public Route before(Hooks.Before hook) {
        links.before(hook);
        return this;
    }

    /** An async hook run before this route's handler, after the app's and its groups' before hooks. */
    public Route beforeAsync(Hooks.AsyncBefore hook) {
        links.beforeAsync(hook);
        return this;
    }

    /** A blocking hook on this route's responses, run before its groups' and the app's after hooks. */
    public Route after(Hooks.After hook) {
        links.after(hook);
        return this;
    }

    /** An async hook on this route's responses, run before its groups' and the app's after hooks. */
    public Route afterAsync(Hooks.AsyncAfter hook) {
        links.afterAsync(hook);
        return this;
    }

    /** The method this route serves. */
    public HttpMethod method() {
        return method;
    }

    /** The full pattern, with its groups' prefixes, e.g. {@code /api/users/{id:long}}. */
    public String pattern() {
        return pattern;
    }

    /**
     * Where this route's code is, for reports such as {@code duet routes}: the page method that
     * serves it ({@code com.example.pages.users.Page.get}), else the file and line that registered
     * it ({@code Site.java:42}).
     */
    public String source() {
        return source;
    }

    /** This route's own deadline ({@link #timeout(Duration)}); empty if the app's {@code requestTimeout} applies. */
    public Optional<Duration> ownTimeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * The links a request to this route runs through, outermost first, each with its kind: the
     * middleware of the app, its groups and the route, then their before hooks, the handler, and
     * the after hooks. (The CSRF check the app adds outside them at start is not listed.)
     *
     * <pre>{@code
     * for (Route r : app.routes()) System.out.println(r + ": " + r.chain()); // [async middleware, blocking handler]
     * }</pre>
     */
    public List<ChainLink> chain() {
        List<Links> around = new ArrayList<>();
        for (RouteGroup g = group; g != null; g = g.parent) around.addFirst(g.links);
        around.add(links);
        List<ChainLink> chain = new ArrayList<>();
        for (Links l : around) for (Link m : l.middleware) chain.add(new ChainLink(ChainLink.Role.MIDDLEWARE, m instanceof Link.Async));
        for (Links l : around) for (Step<?, ?> h : l.before) chain.add(new ChainLink(ChainLink.Role.BEFORE_HOOK, h instanceof Step.Async));
        chain.add(new ChainLink(ChainLink.Role.HANDLER, isAsync()));
        for (Links l : around.reversed()) for (Step<?, ?> h : l.after) chain.add(new ChainLink(ChainLink.Role.AFTER_HOOK, h instanceof Step.Async));
        return List.copyOf(chain);
    }

    /**
     * One link of a route's {@link #chain()}: what it is, and whether it is async (runs on the
     * event loop) or blocking (runs on a virtual thread).
     *
     * @param role  middleware, a before hook, the handler or an after hook
     * @param async true if async, false if blocking
     */
    public record ChainLink(Role role, boolean async) {
        /** What a link is in a route's chain. */
        public enum Role {
            /** Middleware (of the app, a group or the route). */
            MIDDLEWARE,
            /** A before hook. */
            BEFORE_HOOK,
            /** The route's handler. */
            HANDLER,
            /** An after hook. */
            AFTER_HOOK
        }

        /** {@code async middleware}, {@code blocking handler}... */
        @Override
        public String toString() {
            return (async ? "async " : "blocking ") + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** This route's own deadline, or null to use the app's {@code requestTimeout}. */
    Duration timeout() {
        return timeout;
    }

    /** Whether this route's unsafe requests are CSRF-checked: its own setting, its groups', then the app's. */
    boolean csrfChecked(boolean appDefault) {
        if (csrf != null) return csrf;
        for (RouteGroup g = group; g != null; g = g.parent) if (g.csrf != null) return g.csrf;
        return appDefault;
    }

    /** The CORS policy of this route: its own, else its closest group's; null if none. */
    Cors corsPolicy() {
        if (cors != null) return cors;
        for (RouteGroup g = group; g != null; g = g.parent) if (g.cors != null) return g.cors;
        return null;
    }

    /** True if the handler is async (returns a CompletionStage); known at registration. */
    public boolean isAsync() {
        return handler instanceof Step.Async;
    }

    @Override
    public String toString() {
        return method + " " + pattern + (isAsync() ? " (async)" : " (blocking)");
    }
}
