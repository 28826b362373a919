package dev.duet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The middleware and before/after hooks that the app, a group or a single route adds around its
 * routes, each with its kind fixed here, by the method it came through. Filled while the app is
 * configured; {@link Pipeline} copies them into each route's {@link Chain} when the app freezes.
 */
final class Links {
    private final Registration registration;
    final List<Link> middleware = new ArrayList<>(2);
    final List<Step<Response, Response>> before = new ArrayList<>(2);
    final List<Step<Response, Response>> after = new ArrayList<>(2);

    Links(Registration registration) {
        this.registration = registration;
    }

    void use(Middleware m) {
        Objects.requireNonNull(m, "middleware");
        registration.checkOpen("middleware");
        middleware.add(new Link.Blocking(m));
    }

    void useAsync(AsyncMiddleware m) {
        Objects.requireNonNull(m, "middleware");
        registration.checkOpen("middleware");
        middleware.add(new Link.Async(m));
    }

    void before(Hooks.Before hook) {
        Objects.requireNonNull(hook, "hook");
        registration.checkOpen("a before hook");
        before.add(new Step.Blocking<>("before hook", (req, in) -> {
            hook.before(req);
            return in;
        }));
    }

    void beforeAsync(Hooks.AsyncBefore hook) {
        Objects.requireNonNull(hook, "hook");
        registration.checkOpen("a before hook");
        before.add(new Step.Async<>("async before hook", (req, in) -> hook.before(req).thenApply(x -> in)));
    }

    void after(Hooks.After hook) {
        Objects.requireNonNull(hook, "hook");
        registration.checkOpen("an after hook");
        after.add(new Step.Blocking<>("after hook", (req, res) -> {
            hook.after(req, res);
            return res;
        }));
    }

    void afterAsync(Hooks.AsyncAfter hook) {
        Objects.requireNonNull(hook, "hook");
        registration.checkOpen("an after hook");
        after.add(new Step.Async<>("async after hook", (req, res) -> hook.after(req, res).thenApply(x -> res)));
    }
}
