package dev.duet.db;

/**
 * Too many async calls are already waiting for a connection ({@link DbConfig#maxQueuedAsync()}):
 * the call is refused instead of queueing without bound. HTTP 503 with {@link DuetDb#install}.
 */
public final class Overloaded extends DbException {
    /** The wait queue of async calls is full; {@code message} names the limit that was reached. */
    public Overloaded(String message) {
        super(message);
    }
}
