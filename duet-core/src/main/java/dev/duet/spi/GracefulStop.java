package dev.duet.spi;

import dev.duet.App;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a core stops gracefully: one sequence, each core supplying its own {@link Steps}. All of it
 * within the grace ({@code shutdownGrace}, given to {@link Server#stop}):
 * <ol>
 * <li>{@link #draining()} turns true: from now on a response says {@code Connection: close}
 *     (or, on a core that answers pipelined requests, the last one before the connection is idle),
 *     and a connection that becomes idle is closed rather than kept alive;
 * <li>{@link Steps#stopAccepting}: the listening socket closes;
 * <li>{@link Steps#closeIdleConnections}: connections with no request in progress close now;
 * <li>in-flight requests get what is left of the grace to finish ({@link App#awaitIdle}); those
 *     still running after it are named in a warning;
 * <li>{@link Steps#closeTheRest}: every connection still open closes (which cancels the work of its
 *     requests) and the core's threads are released, within what is left.
 * </ol>
 * A step that fails is logged and the sequence goes on: a stop always ends with the core down.
 * {@link #stop} is idempotent: a second caller waits for the first. Called on an event loop (which
 * must not block, and may be one the stop is about to shut down), it starts the stop on a thread of
 * its own and returns.
 *
 * <pre>{@code
 * final class MyServer implements Server, GracefulStop.Steps {
 *     private final GracefulStop stopping = new GracefulStop("my-core", app, this);
 *
 *     public void stop(Duration grace) { stopping.stop(grace); }
 *     boolean draining() { return stopping.draining(); }   // read by the connections
 *     public void stopAccepting(Duration left) { listener.close(); }
 *     public void closeIdleConnections() { connections.forEach(Connection::closeIfIdle); }
 *     public void closeTheRest(Duration left) { connections.forEach(Connection::close); threads.shutdown(left); }
 * }
 * }</pre>
 */
public final class GracefulStop {
    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

    /** A core's part of the sequence; each is called once, in this order, from the stopping thread. */
    public interface Steps {
        /** Stops accepting connections; {@code left} is what remains of the grace. */
        void stopAccepting(Duration left) throws Exception;

        /**
         * Closes every connection with no request in progress. {@link #draining()} is already
         * true, so a connection that becomes idle after this closes by itself.
         */
        void closeIdleConnections() throws Exception;

        /**
         * The requests are done, or the grace is over: closes every connection still open
         * (cancelling the work of requests still running on it) and releases the core's threads,
         * within {@code left} (zero once the grace is over: a core then allows itself a moment).
         */
        void closeTheRest(Duration left) throws Exception;
    }

    private final String core;
    private final App app;
    private final Steps steps;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch down = new CountDownLatch(1);
    private volatile boolean draining;

    /** The stop of the core named {@code core} (for its logs and its thread) serving {@code app}. */
    public GracefulStop(String core, App app, Steps steps) {
        this.core = Objects.requireNonNull(core, "core");
        this.app = Objects.requireNonNull(app, "app");
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    /** True once a stop has begun: connections stop being kept alive. */
    public boolean draining() {
        return draining;
    }

    /** Runs the sequence within {@code grace}, then returns with the core down; see the class comment. */
    public void stop(Duration grace) {
        if (EventLoopThread.isCurrent()) {
            Thread.ofPlatform().name("duet-" + core + "-stop").start(() -> stop(grace));
            return;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        if (!started.compareAndSet(false, true)) {
            awaitDown(grace);
            return;
        }
        try {
            draining = true;
            step("stop accepting", () -> steps.stopAccepting(left(deadline)));
            step("close idle connections", steps::closeIdleConnections);
            if (!app.awaitIdle(left(deadline))) {
                log.warn("Shutdown grace of {} ms over with {} request(s) still in flight; closing their connections",
                        grace.toMillis(), app.inFlight());
            }
            step("close the rest", () -> steps.closeTheRest(left(deadline)));
        } finally {
            down.countDown();
        }
    }

    private void awaitDown(Duration grace) {
        try {
            // the first caller may overrun the grace by the moment its core allows itself to shut down
            down.await(Math.max(grace.toMillis(), 1000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            log.warn("Stopping the {} core: could not {}; going on", core, what, e);
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
