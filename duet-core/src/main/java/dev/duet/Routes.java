package dev.duet;

import java.util.function.Consumer;

/**
 * Where routes are registered: the {@link App} itself, or a {@link #group group} of it. Every
 * registration comes in two spellings, and the spelling fixes the kind before anything runs:
 * {@code get} takes a blocking {@link Handler}, {@code getAsync} an {@link AsyncHandler}.
 *
 * <pre>{@code
 * app.get("/check", req -> "OK");                                    // blocking, on a virtual thread
 * app.getAsync("/ping", req -> CompletableFuture.completedFuture("pong")); // async, on the event loop
 * app.group("/api", api -> {
 *     api.use(auth);                                                  // middleware for /api/** only
 *     api.get("/users/{id:long}", req -> users.find(req.pathLong("id")));
 * });
 * }</pre>
 */
public interface Routes {
    /** Registers a blocking handler for {@code method} and {@code pattern} (under this group's prefix). */
    Route route(HttpMethod method, String pattern, Handler handler);

    /** Registers an async handler for {@code method} and {@code pattern} (under this group's prefix). */
    Route routeAsync(HttpMethod method, String pattern, AsyncHandler handler);

    /**
     * Adds blocking middleware: on the app, around every route; on a group, around the group's
     * routes registered after it.
     */
    Routes use(Middleware middleware);

    /** Adds async middleware; where it applies is as for {@link #use(Middleware)}. */
    Routes useAsync(AsyncMiddleware middleware);

    /** Routes under {@code prefix}, with middleware of their own, configured by {@code body}. */
    Routes group(String prefix, Consumer<Routes> body);

    /**
     * Registers a controller: each public method named after an HTTP method ({@code get},
     * {@code post}, {@code put}, {@code patch}, {@code delete}) taking a {@link Request} serves
     * {@code pattern} for that method, blocking or async by its declared return type
     * ({@code CompletionStage} = async).
     *
     * <pre>{@code
     * class UsersPage {
     *     public List<User> get(Request req) { return User.all(); }                      // blocking
     *     public CompletionStage<User> post(Request req) { return User.createAsync(...); } // async
     * }
     * app.controller("/users", new UsersPage());
     * }</pre>
     */
    Routes controller(String pattern, Object controller);

    default Route get(String pattern, Handler handler) {
        return route(HttpMethod.GET, pattern, handler);
    }

    default Route getAsync(String pattern, AsyncHandler handler) {
        return routeAsync(HttpMethod.GET, pattern, handler);
    }

    default Route post(String pattern, Handler handler) {
        return route(HttpMethod.POST, pattern, handler);
    }

    default Route postAsync(String pattern, AsyncHandler handler) {
        return routeAsync(HttpMethod.POST, pattern, handler);
    }

    default Route put(String pattern, Handler handler) {
        return route(HttpMethod.PUT, pattern, handler);
    }

    default Route putAsync(String pattern, AsyncHandler handler) {
        return routeAsync(HttpMethod.PUT, pattern, handler);
    }

    default Route patch(String pattern, Handler handler) {
        return route(HttpMethod.PATCH, pattern, handler);
    }

    default Route patchAsync(String pattern, AsyncHandler handler) {
        return routeAsync(HttpMethod.PATCH, pattern, handler);
    }

    default Route delete(String pattern, Handler handler) {
        return route(HttpMethod.DELETE, pattern, handler);
    }

    default Route deleteAsync(String pattern, AsyncHandler handler) {
        return routeAsync(HttpMethod.DELETE, pattern, handler);
    }
}
