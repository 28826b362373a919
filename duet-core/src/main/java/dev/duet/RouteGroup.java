package dev.duet;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one implementation of {@link Routes}: the app's root group (no prefix, no parent) and every
 * group under it. A group only collects; {@link Pipeline} compiles what it collected when the app
 * freezes.
 */
final class RouteGroup implements Routes {
    private final Registration registration;
    private final Answers answers;
    /** The enclosing group; null for the app's root group. */
    final RouteGroup parent;
    private final String prefix;
    final Links links;
    /** This group's own CSRF and CORS settings; null to inherit the enclosing group's. */
    Boolean csrf;
    Cors cors;

    RouteGroup(Registration registration, Answers answers, RouteGroup parent, String prefix) {
        this.registration = registration;
        this.answers = answers;
        this.parent = parent;
        this.prefix = prefix;
        this.links = new Links(registration);
    }

    @Override
    public Route route(HttpMethod method, String pattern, Handler handler) {
        return route(method, pattern, handler, null);
    }

    @Override
    public Route routeAsync(HttpMethod method, String pattern, AsyncHandler handler) {
        return routeAsync(method, pattern, handler, null);
    }

    /** As {@link #route(HttpMethod, String, Handler)}, naming the code behind it (a page's method) in reports. */
    Route route(HttpMethod method, String pattern, Handler handler, String source) {
        String full = join(prefix, pattern);
        return add(method, full, answers.handler(label(method, full, source), handler), source);
    }

    /** As {@link #routeAsync(HttpMethod, String, AsyncHandler)}, naming the code behind it in reports. */
    Route routeAsync(HttpMethod method, String pattern, AsyncHandler handler, String source) {
        String full = join(prefix, pattern);
        return add(method, full, answers.asyncHandler(label(method, full, source), handler), source);
    }

    private static String label(HttpMethod method, String full, String source) {
        return source == null ? method + " " + full : method + " " + full + " (" + source + ")";
    }

    Answers answers() {
        return answers;
    }

    private Route add(HttpMethod method, String pattern, Step<Response, Response> handler, String source) {
        Route r = new Route(registration, method, pattern, handler, this, source != null ? source : CallerFrame.find());
        registration.add(r);
        return r;
    }

    @Override
    public Routes use(Middleware middleware) {
        links.use(middleware);
        return this;
    }

    @Override
    public Routes useAsync(AsyncMiddleware middleware) {
        links.useAsync(middleware);
        return this;
    }

    @Override
    public Routes before(Hooks.Before hook) {
        links.before(hook);
        return this;
    }

    @Override
    public Routes beforeAsync(Hooks.AsyncBefore hook) {
        links.beforeAsync(hook);
        return this;
    }

    @Override
    public Routes after(Hooks.After hook) {
        links.after(hook);
        return this;
    }

    @Override
    public Routes afterAsync(Hooks.AsyncAfter hook) {
        links.afterAsync(hook);
        return this;
    }

    @Override
    public Routes group(String sub, Consumer<Routes> body) {
        registration.checkOpen("group " + sub);
        body.accept(new RouteGroup(registration, answers, this, prefix + normalizePrefix(sub)));
        return this;
    }

    @Override
    public Routes csrf(boolean on) {
        registration.checkOpen("the CSRF setting of " + this);
        csrf = on;
        return this;
    }

    @Override
    public Routes cors(Cors policy) {
        registration.checkOpen("the CORS policy of " + this);
        cors = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    @Override
    public Routes controller(String pattern, Object controller) {
        Controllers.register(this, pattern, controller);
        return this;
    }

    @Override
    public Routes pages(String packageName) {
        registration.checkOpen("pages " + packageName);
        Pages.register(this, packageName, null);
        return this;
    }

    @Override
    public Routes pages(String packageName, Object context) {
        registration.checkOpen("pages " + packageName);
        Pages.register(this, packageName, Objects.requireNonNull(context, "context"));
        return this;
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

    @Override
    public String toString() {
        return prefix.isEmpty() ? "the app" : "group " + prefix;
    }
}
