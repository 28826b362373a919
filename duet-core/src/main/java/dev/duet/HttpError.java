package dev.duet;

import java.util.Map;

/**
 * Thrown anywhere in a request's chain to answer with an HTTP status and a message the client may
 * read. Error handlers registered for the status (or for {@code HttpError}) see it first.
 *
 * <pre>{@code
 * app.get("/user/{id:long}", req -> users.find(req.pathLong("id"))
 *         .orElseThrow(() -> HttpError.notFound("User not found")));
 * }</pre>
 */
public class HttpError extends RuntimeException {
    private final int status;
    private final Map<String, String> headers;

    public HttpError(int status, String message) {
        this(status, message, Map.of(), null);
    }

    public HttpError(int status, String message, Throwable cause) {
        this(status, message, Map.of(), cause);
    }

    /** An error whose response also carries {@code headers} (e.g. {@code Allow}, {@code Retry-After}). */
    public HttpError(int status, String message, Map<String, String> headers, Throwable cause) {
        super(message, cause, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HttpError status must be 4xx or 5xx, got " + status);
        }
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    /** Extra response headers this error asks for. */
    public Map<String, String> headers() {
        return headers;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    public static HttpError conflict(String message) {
        return new HttpError(409, message);
    }

    public static HttpError unavailable(String message, int retryAfterSeconds) {
        return new HttpError(503, message, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), null);
    }
}
