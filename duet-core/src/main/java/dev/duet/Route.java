package dev.duet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of one registered route, set fluently right after registering it.
 *
 * <pre>{@code
 * app.get("/report", req -> slowReport()).timeout(Duration.ofSeconds(2));
 * }</pre>
 */
public final class Route {
    final HttpMethod method;
    final String pattern;
    final Step handler;
    final List<Object> middleware = new ArrayList<>();
    Duration timeout;

    Route(HttpMethod method, String pattern, Step handler, List<Object> groupMiddleware) {
        this.method = method;
        this.pattern = pattern;
        this.handler = handler;
        this.middleware.addAll(groupMiddleware);
    }

    /** This route's deadline, replacing the app's {@code requestTimeout}; past it the client gets 504. */
    public Route timeout(Duration timeout) {
        if (timeout.isNegative()) throw new IllegalArgumentException("timeout must be >= 0");
        this.timeout = timeout;
        return this;
    }

    /** Blocking middleware for this route only, inside the app's and its group's. */
    public Route use(Middleware middleware) {
        this.middleware.add(middleware);
        return this;
    }

    /** Async middleware for this route only, inside the app's and its group's. */
    public Route useAsync(AsyncMiddleware middleware) {
        this.middleware.add(middleware);
        return this;
    }

    public HttpMethod method() {
        return method;
    }

    public String pattern() {
        return pattern;
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
