package dev.duet.db;

/**
 * The database could not be reached, or no pooled connection became free in time. The pool keeps
 * trying: once the database is back, later calls succeed. HTTP 503 with {@link DuetDb#install}.
 */
public final class ConnectionFailure extends DbException {
    /**
     * A failure to reach the database; {@code message} says where it tried (host, database and
     * user, never the password), {@code cause} is the driver's or the pool's exception.
     */
    public ConnectionFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
