package dev.duet;

/**
 * A stretch of blocking work that an interrupt must not break: while it lasts, cancelling the
 * request does not interrupt the thread but calls a hook, and the interrupt comes once the stretch
 * is over. For I/O where an interrupt costs more than the work: a virtual thread interrupted in a
 * socket read has its socket closed, so a JDBC connection interrupted mid-query is lost to its
 * pool, while cancelling the statement stops the query and keeps the connection. duet-db runs every
 * statement in one.
 *
 * <pre>{@code
 * try (Shield shield = Shield.raise(() -> cancelQuietly(statement))) {
 *     if (shield.cancelled()) throw new CancellationException("cancelled before it started");
 *     return statement.executeQuery();   // cancelled, not interrupted, if the request is
 * }                                      // interrupted here if the request was cancelled meanwhile
 * }</pre>
 *
 * <ul>
 * <li>Cancelling the request while the stretch lasts (its deadline passes, its client goes away,
 *     a sibling task of {@code parallel} or {@code gather} fails) holds the interrupt back and
 *     runs {@code onCancel}, once, on a virtual thread of its own: it may block (a JDBC cancel
 *     opens a connection to the server), and the thread that cancels (an event loop, the
 *     deadline timer) never waits for it.
 * <li>An interrupt already pending when the stretch starts is held back too (the I/O inside must
 *     not see it), and {@link #cancelled()} says so at once: start nothing it would cancel.
 *     {@code onCancel} is not called for it.
 * <li>{@link #close()}, on the same thread, ends the stretch: it waits for a hook still running
 *     (so a hook never outlives its stretch, and never acts on what the thread does next), then
 *     interrupts the thread if an interrupt was held back, so that the next blocking call, or a
 *     check of {@code Thread.interrupted()}, sees the cancellation as usual.
 * </ul>
 *
 * <p>It holds back the interrupts Duet sends to cancel a request's work, on the threads it sends
 * them to: the request's own thread (the virtual thread its blocking links run on, or a servlet
 * container's thread while dispatch runs there) and the toolkit's task threads ({@code offload},
 * {@code cpu}, {@code parallel}, {@code gather}, and so duet-db's async twins). Elsewhere (an
 * event loop, a {@code background} task, a thread of your own, outside any request) nothing of
 * Duet's interrupts a thread to cancel a request: a stretch there only holds back an interrupt
 * pending at its start. Interrupts from anyone else (your own {@code Thread.interrupt()}, the
 * shutdown interrupting background tasks past the grace period) are not held back.
 *
 * <p>Stretches nest: the innermost one's hook is the one cancelling calls, and a held-back
 * interrupt waits for the outermost to end. Creating and closing one allocates nothing, except a
 * nested one.
 */
public sealed interface Shield extends AutoCloseable permits ThreadShield, ThreadShield.Nested, ThreadShield.Unguarded {

    /**
     * Starts a stretch on the current thread; close it on the same thread (try-with-resources).
     *
     * @param onCancel what cancelling the request does instead of interrupting the thread, run on
     *                 a virtual thread of its own; null to only hold the interrupt back (for work
     *                 that must finish, such as a COMMIT)
     */
    static Shield raise(Runnable onCancel) {
        ThreadShield mine = ThreadShield.ofCurrentThread();
        if (mine != null) return mine.raise(onCancel);
        return Thread.interrupted() ? ThreadShield.Unguarded.INTERRUPTED : ThreadShield.Unguarded.CLEAR;
    }

    /**
     * True if an interrupt is being held back: the request was cancelled (or the thread was
     * interrupted) before the stretch began or since.
     */
    boolean cancelled();

    /** Ends the stretch: waits for a hook still running, then delivers a held-back interrupt. */
    @Override
    void close();
}
