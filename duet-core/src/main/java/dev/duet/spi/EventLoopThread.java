package dev.duet.spi;

import java.util.concurrent.Executor;

/**
 * Marks a thread that must never block: a core's event loop. Duet refuses blocking waits on such a
 * thread ({@link dev.duet.Tasks#await}) and moves blocking links off it.
 */
public interface EventLoopThread {
    /** True if the calling thread is an event loop. */
    static boolean isCurrent() {
        return Thread.currentThread() instanceof EventLoopThread;
    }

    /**
     * Starts {@code task} on a virtual thread from {@code virtualThreads}; called only on this
     * thread. A loop may hold what it is asked to start while it handles one batch of I/O and
     * start it all together when the batch ends: a parked carrier thread is then woken once per
     * batch rather than once per request, which on a busy core saves two context switches each.
     */
    default void startVirtual(Runnable task, Executor virtualThreads) {
        virtualThreads.execute(task);
    }

    /**
     * Starts the thread a request's chain first hops to, asked for while the request is
     * dispatched on this thread; {@code connection} is the request's
     * ({@link RawRequest#connection()}). A loop may run those of one connection's requests
     * dispatched in one round (pipelined) one after the other on one thread, in order: HTTP/1.1
     * writes their responses in that order anyway. By default, as {@link #startVirtual}.
     */
    default void startRequestThread(Runnable task, Executor virtualThreads, Object connection) {
        startVirtual(task, virtualThreads);
    }

    /**
     * This loop's own timer, or null if it has none; called only on this thread. A delay asked for
     * on a loop that has one is kept by the loop itself, so what waits on it resumes on the loop
     * that asked, with no other thread woken and no hand-over back to the loop.
     */
    default java.util.concurrent.ScheduledExecutorService scheduler() {
        return null;
    }
}
