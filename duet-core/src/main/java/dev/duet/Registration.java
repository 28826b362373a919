package dev.duet;

import dev.duet.internal.Router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an app is configured with, in the order it was registered: routes, error handlers,
 * teardown hooks, start and stop actions. Mutable until {@link #freeze()}, which happens once (at
 * start, or at the first request of a test client); from then on every change fails loudly, and
 * the app serves the {@link Pipeline} compiled from it.
 */
final class Registration {
    final List<Route> routes = new ArrayList<>();
    // Every pattern is added here as it is registered, so a duplicate or malformed route fails at
    // its registration line rather than later at start.
    private final Router<Route> patterns = new Router<>();
    final Map<Class<?>, Step<Throwable, Response>> errorsByType = new LinkedHashMap<>();
    final Map<Integer, Step<Throwable, Response>> errorsByStatus = new LinkedHashMap<>();
    final List<Step<Throwable, Throwable>> teardown = new ArrayList<>();
    final List<Runnable> onStart = new ArrayList<>();
    final List<Runnable> onStop = new ArrayList<>();
    private volatile boolean frozen;

    /** Fails if the app is frozen: {@code what} is what the caller tried to add or change. */
    void checkOpen(String what) {
        if (frozen) {
            throw new IllegalStateException("the app has started, so its routes, middleware, hooks and handlers are fixed:"
                    + " cannot add or change " + what + " now. Register everything before start() (or before a"
                    + " TestClient sends its first request).");
        }
    }

    synchronized void add(Route route) {
        checkOpen("route " + route.method() + " " + route.pattern());
        patterns.add(route.method(), route.pattern(), route);
        routes.add(route);
    }

    boolean frozen() {
        return frozen;
    }

    void freeze() {
        frozen = true;
    }
}
