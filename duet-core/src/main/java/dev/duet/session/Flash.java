package dev.duet.session;

import java.util.Objects;

/**
 * A message for the next page the user sees, kept in the session until it is read once.
 *
 * <pre>{@code
 * req.session().flash("success", "Welcome, Ada");
 * return Response.redirect("/me");
 * // the next request:
 * for (Flash f : req.session().flashes()) { ... f.category() ... f.message() ... }
 * }</pre>
 *
 * @param category what kind of message it is, for styling ({@code info} unless given)
 * @param message  the text to show
 */
public record Flash(String category, String message) {
    /** The category of a message flashed without one. */
    public static final String INFO = "info";

    /** Checks neither part is null. */
    public Flash {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(message, "message");
    }
}
