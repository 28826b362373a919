package dev.duet.cli;

/**
 * Progress of a long command (a migration, a seed), from {@link CommandContext#progress}. Safe to
 * advance from several threads.
 */
public interface Progress extends AutoCloseable {
    /** Records {@code steps} more steps done (zero or more). */
    void advance(long steps);

    /** Records one more step done. */
    default void advance() {
        advance(1);
    }

    /** Steps done so far. */
    long count();

    /** Ends the report: the final line is drawn. Idempotent; later advances are ignored. */
    void done();

    /** {@link #done()}, for try-with-resources. */
    @Override
    default void close() {
        done();
    }
}
