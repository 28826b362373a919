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
    private final Object details;

    /** An error answered with {@code status} (4xx or 5xx) and {@code message}. */
    public HttpError(int status, String message) {
        this(status, message, Map.of(), null);
    }

    /** An error answered with {@code status} and {@code message}, caused by {@code cause} (kept for the log). */
    public HttpError(int status, String message, Throwable cause) {
        this(status, message, Map.of(), cause);
    }

    /** An error whose response also carries {@code headers} (e.g. {@code Allow}, {@code Retry-After}). */
    public HttpError(int status, String message, Map<String, String> headers, Throwable cause) {
        this(status, message, headers, null, cause);
    }

    /**
     * An error whose response also carries {@code headers} and {@code details}, a value Duet's default
     * error page shows the client (in JSON under {@code "details"}); {@code null} for none.
     */
    public HttpError(int status, String message, Map<String, String> headers, Object details, Throwable cause) {
        super(message, cause, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HttpError status must be 4xx or 5xx, got " + status);
        }
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.details = details;
    }

    /** The HTTP status the client gets. */
    public int status() {
        return status;
    }

    /** Extra response headers this error asks for. */
    public Map<String, String> headers() {
        return headers;
    }

    /** What this error tells the client beyond its message (e.g. field errors), or {@code null}. */
    public Object details() {
        return details;
    }

    /** 400 Bad Request: the request is malformed or a parameter is invalid; say which. */
    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    /** 404 Not Found: nothing here, or no such record. */
    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    /** 409 Conflict: the request clashes with the current state (a taken name, a stale version). */
    public static HttpError conflict(String message) {
        return new HttpError(409, message);
    }

    /** 503 Service Unavailable with {@code Retry-After}: overloaded or down for a moment; try again later. */
    public static HttpError unavailable(String message, int retryAfterSeconds) {
        return new HttpError(503, message, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), null);
    }

    /**
     * 401 Unauthorized: the request lacks valid credentials.
     *
     * <pre>{@code if (token == null) throw HttpError.unauthorized("Sign in first");}</pre>
     */
    public static HttpError unauthorized(String message) {
        return new HttpError(401, message);
    }

    /**
     * 403 Forbidden: the client is known but may not do this.
     *
     * <pre>{@code if (!user.isAdmin()) throw HttpError.forbidden("Admins only");}</pre>
     */
    public static HttpError forbidden(String message) {
        return new HttpError(403, message);
    }

    /**
     * 429 Too Many Requests, with a {@code Retry-After} header of {@code retryAfterSeconds}.
     *
     * <pre>{@code if (!limiter.tryAcquire()) throw HttpError.tooManyRequests("Slow down", 30);}</pre>
     */
    public static HttpError tooManyRequests(String message, int retryAfterSeconds) {
        return new HttpError(429, message, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), null);
    }

    /**
     * 422 Unprocessable Content: the request was understood but its content is invalid; {@code details}
     * (e.g. a {@code Map<String, String>} of field errors; {@code null} for none) go to the client.
     * Duet's default JSON error body is then
     * <pre>{@code {"error": message, "status": 422, "requestId": "...", "details": {"email": "is not an email"}}}</pre>
     * and its HTML error page lists the details (escaped).
     *
     * <pre>{@code throw HttpError.unprocessable("Invalid signup", Map.of("email", "is not an email"));}</pre>
     */
    public static HttpError unprocessable(String message, Object details) {
        return new HttpError(422, message, Map.of(), details, null);
    }
}
