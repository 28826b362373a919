package dev.duet.db;

/**
 * Too many async calls are already waiting for a connection ({@link DbConfig#maxQueuedAsync()}):
 * the call is refused instead of queueing without bound. HTTP 503 with {@link DuetDb#install}.
 */
public final class Overloaded extends DbException {
    public Overloaded(String message) {
        super(message);
    }
}
