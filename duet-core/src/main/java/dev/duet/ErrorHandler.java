package dev.duet;

/**
 * Turns an exception into a response, blocking. Its return value is mapped like a
 * {@link Handler}'s.
 *
 * <pre>{@code
 * app.error(UniqueViolation.class, (req, e) -> Response.json(Map.of("error", e.getMessage())).status(409));
 * app.error(404, (req, e) -> Response.html("<h1>Nothing here</h1>").status(404));
 * }</pre>
 */
@FunctionalInterface
public interface ErrorHandler<E extends Throwable> {
    /** The answer to {@code req}, which failed with {@code error}; may block. */
    Object handle(Request req, E error) throws Exception;
}
