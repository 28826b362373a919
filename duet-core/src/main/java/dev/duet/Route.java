package dev.duet;

import java.time.Duration;

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
    private Duration timeout;
    private Boolean csrf;
    private Cors cors;
    private boolean compress = true;

    Route(Registration registration, HttpMethod method, String pattern, Step<Response, Response> handler, RouteGroup group) {
        this.registration = registration;
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
