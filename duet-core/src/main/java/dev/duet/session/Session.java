package dev.duet.session;

import java.util.List;
import java.util.Set;

/**
 * The user's session: values that survive across requests, kept in a signed cookie (the
 * default) or in a {@link SessionStore} on the server. Reached with {@code req.session()}; a
 * request that never asks for it sends no cookie, and one that leaves it unchanged does not
 * rewrite it. Values are stored as JSON, so anything the app's JSON mapper writes and reads back
 * fits: strings, numbers, booleans, lists, maps, records.
 *
 * <pre>{@code
 * app.post("/login", req -> {
 *     User user = users.check(req.form("email"), req.form("password"));
 *     Session session = req.session();
 *     session.rotate();                        // a new id at login: a planted id is worthless
 *     session.put("userId", user.id());
 *     session.flash("Welcome, " + user.name());
 *     return Response.redirect("/me");
 * });
 * app.get("/me", req -> {
 *     Long userId = req.session().get("userId", Long.class);   // null if absent
 *     ...
 * });
 * }</pre>
 *
 * <p>A session belongs to one request: it is not for sharing between threads of that request
 * without care (it is not synchronized beyond what one handler needs).
 */
public interface Session {

    /** The session's id: random, unguessable; changes with {@link #rotate()}. */
    String id();

    /** True if the client sent no valid session (none, tampered, expired or revoked): this one starts empty. */
    boolean isNew();

    /**
     * The value under {@code key} read as {@code type} (a record, {@code Long}, {@code List}...),
     * or null if absent; fails if the stored JSON does not fit {@code type}.
     */
    <T> T get(String key, Class<T> type);

    /** The value under {@code key} as text, or null if absent. */
    default String get(String key) {
        return get(key, String.class);
    }

    /** Keeps {@code value} (anything the JSON mapper writes) under {@code key}; null removes it. */
    Session put(String key, Object value);

    /** Removes {@code key}. */
    Session remove(String key);

    /** The keys in the session. */
    Set<String> keys();

    /** Removes every value (and pending flash); the id stays. */
    Session clear();

    /**
     * Ends the session: its values are dropped, the client's cookie is deleted and a server-side
     * record is deleted from its store, so that the old cookie finds nothing. A value put
     * afterwards starts a new session with a new id.
     */
    void invalidate();

    /**
     * Gives the session a new id, keeping its values: call it when the user's privileges change
     * (log in, log out), so that an id an attacker planted or saw before is worth nothing. With a
     * {@link SessionStore}, the record under the old id is deleted.
     */
    void rotate();

    /** Flashes {@code message} (category {@link Flash#INFO}) for the next request to show. */
    default Session flash(String message) {
        return flash(Flash.INFO, message);
    }

    /** Flashes {@code message} under {@code category} ({@code success}, {@code error}...) for the next request to show. */
    Session flash(String category, String message);

    /**
     * The flash messages waiting to be shown, oldest first, removed as they are read: a message
     * flashed before a redirect is read once by the request after it, and gone from then on.
     */
    List<Flash> flashes();
}
