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
 *     api.before(req -> audit(req));                                  // a hook for /api/** only
 *     api.get("/users/{id:long}", req -> users.find(req.pathLong("id")));
 * });
 * }</pre>
 *
 * <p>The app and each group are one kind of thing: middleware and hooks added to one apply to
 * all of its routes and its nested groups' routes, wherever in its body they were registered.
 * Around a route they nest from the outside in: the app's, then each enclosing group's, then the
 * route's own ({@link Route#use}, {@link Route#before}...). Before hooks run in that order; after
 * hooks in the reverse one (the route's first, the app's last), as middleware unwinds.
 */
public interface Routes {
    /** Registers a blocking handler for {@code method} and {@code pattern} (under this group's prefix). */
    Route route(HttpMethod method, String pattern, Handler handler);

    /** Registers an async handler for {@code method} and {@code pattern} (under this group's prefix). */
    Route routeAsync(HttpMethod method, String pattern, AsyncHandler handler);

    /** Adds blocking middleware around every route of the app or of this group (and, on the app, around 404s). */
    Routes use(Middleware middleware);

    /** Adds async middleware; where it applies is as for {@link #use(Middleware)}. */
    Routes useAsync(AsyncMiddleware middleware);

    /**
     * A blocking hook run before the handler of every route of the app or of this group, after
     * middleware; it may stop the request by throwing (e.g. {@link HttpError#unauthorized}).
     */
    Routes before(Hooks.Before hook);

    /** An async before hook; where it applies is as for {@link #before(Hooks.Before)}. */
    Routes beforeAsync(Hooks.AsyncBefore hook);

    /**
     * A blocking hook that sees (and may change) every response of the app's or this group's
     * routes, from the handler or an error handler, before middleware sees it.
     */
    Routes after(Hooks.After hook);

    /** An async after hook; where it applies is as for {@link #after(Hooks.After)}. */
    Routes afterAsync(Hooks.AsyncAfter hook);

    /** Routes under {@code prefix}, with middleware and hooks of their own, configured by {@code body}. */
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

    /**
     * Turns the CSRF check of this group's routes off (or back on inside a group that turned it
     * off); a route's own {@link Route#csrf(boolean)} wins. See {@link Csrf}.
     */
    Routes csrf(boolean on);

    /** Answers cross-origin requests to this group's routes by {@code policy}; a route's own {@link Route#cors} wins. */
    Routes cors(Cors policy);

    /**
     * Registers the page classes of {@code packageName} and of every package under it: a public
     * class named {@code Page} serves the URL its package spells, under this group's prefix
     * ({@code com.example.pages.users._id_long.Page} serves {@code /users/{id:long}}), with its
     * methods {@code get}, {@code post}, {@code put}, {@code patch}, {@code delete} and, for POST,
     * named form actions {@code action<Name>}, each blocking or async by its declared return type.
     * A {@link View} a page returns with a relative name is the template beside the page
     * ({@code page.html} is {@code /com/example/pages/users/_id_long/page.html} on the class path).
     *
     * <pre>{@code
     * package com.example.pages.users;
     *
     * public class Page {
     *     public View get(Request req) { return View.of("page.html", Map.of("users", User.all())); }
     *     public Response actionDelete(Request req) { User.delete(req.form("id")); return Response.redirect("/users"); }
     * }
     *
     * app.pages("com.example.pages");                                 // GET /users, POST /users?action=delete
     * app.group("/admin", admin -> admin.use(auth).pages("com.example.admin"));
     * }</pre>
     *
     * Classes are found in directories and jars of the thread's context class loader (else
     * Duet's), and in named modules. Every page is checked here: a class that breaks the
     * convention (a wrong name, not public, no public no-argument constructor, a method of the
     * wrong signature, no method at all, a malformed package segment) fails with a message naming
     * it, as does a package without pages. docs/pages.md has the whole convention.
     */
    Routes pages(String packageName);

    /**
     * Registers the page classes of {@code packageName} as {@link #pages(String)} does, giving
     * {@code context} to each page that wants it: a page whose public constructor takes one
     * parameter of the context's type (or a supertype) is made with it. That is how pages reach
     * the app's database, services and settings without global state.
     *
     * <pre>{@code
     * public final class Page {                        // com.example.pages.users.Page
     *     private final Site site;
     *     public Page(Site site) { this.site = site; }
     *     public View get(Request req) { return View.of("page.html", Map.of("users", site.users().all())); }
     * }
     *
     * app.pages("com.example.pages", new Site(db));
     * }</pre>
     *
     * A page asking for a context of another type fails at registration, naming both types.
     */
    Routes pages(String packageName, Object context);

    /** Registers a blocking handler for GET {@code pattern}. */
    default Route get(String pattern, Handler handler) {
        return route(HttpMethod.GET, pattern, handler);
    }

    /** Registers an async handler for GET {@code pattern}. */
    default Route getAsync(String pattern, AsyncHandler handler) {
        return routeAsync(HttpMethod.GET, pattern, handler);
    }

    /** Registers a blocking handler for POST {@code pattern}. */
    default Route post(String pattern, Handler handler) {
        return route(HttpMethod.POST, pattern, handler);
    }

    /** Registers an async handler for POST {@code pattern}. */
    default Route postAsync(String pattern, AsyncHandler handler) {
        return routeAsync(HttpMethod.POST, pattern, handler);
    }

    /** Registers a blocking handler for PUT {@code pattern}. */
    default Route put(String pattern, Handler handler) {
        return route(HttpMethod.PUT, pattern, handler);
    }

    /** Registers an async handler for PUT {@code pattern}. */
    default Route putAsync(String pattern, AsyncHandler handler) {
        return routeAsync(HttpMethod.PUT, pattern, handler);
    }

    /** Registers a blocking handler for PATCH {@code pattern}. */
    default Route patch(String pattern, Handler handler) {
        return route(HttpMethod.PATCH, pattern, handler);
    }

    /** Registers an async handler for PATCH {@code pattern}. */
    default Route patchAsync(String pattern, AsyncHandler handler) {
        return routeAsync(HttpMethod.PATCH, pattern, handler);
    }

    /** Registers a blocking handler for DELETE {@code pattern}. */
    default Route delete(String pattern, Handler handler) {
        return route(HttpMethod.DELETE, pattern, handler);
    }

    /** Registers an async handler for DELETE {@code pattern}. */
    default Route deleteAsync(String pattern, AsyncHandler handler) {
        return routeAsync(HttpMethod.DELETE, pattern, handler);
    }
}
