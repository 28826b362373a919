package dev.duet.spi;

/**
 * Marks a thread that must never block: a core's event loop. Duet refuses blocking waits on such a
 * thread ({@link dev.duet.Tasks#await}) and moves blocking links off it.
 */
public interface EventLoopThread {
    /** True if the calling thread is an event loop. */
    static boolean isCurrent() {
        return Thread.currentThread() instanceof EventLoopThread;
    }
}
