package dev.duet.spi;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * What a running core can tell about itself, for metrics ({@link Server#stats()}). Reading is
 * cheap and safe from any thread; nothing here costs anything until someone reads it (a core does
 * no bookkeeping for it, and schedules nothing of its own).
 *
 * <pre>{@code
 * ServerStats stats = AppStats.of(app).server().orElseThrow();   // once the app is started
 * int open = stats.openConnections();
 * for (ServerStats.EventLoop loop : stats.eventLoops()) System.out.println(loop.pendingTasks());
 * }</pre>
 */
public interface ServerStats {
    /** Connections open now, kept-alive idle ones and those switched to WebSocket included. */
    int openConnections();

    /** The core's event loops, in a fixed order (their index is a stable tag); empty for a core without any. */
    default List<EventLoop> eventLoops() {
        return List.of();
    }

    /** One event loop of a core: a thread that must never block. */
    interface EventLoop {
        /** Tasks handed to the loop and not yet run; a queue that keeps growing means the loop cannot keep up. */
        int pendingTasks();

        /**
         * Runs {@code task} on this loop once {@code delay} has passed: how a lag probe sees how late
         * the loop gets round to what is due. The task must be tiny and must not block.
         *
         * @throws RejectedExecutionException once the loop has shut down
         */
        void schedule(Runnable task, long delay, TimeUnit unit);
    }

    /** Stats of a core that has no event loops and counts its connections with {@code openConnections}. */
    static ServerStats connections(IntSupplier openConnections) {
        Objects.requireNonNull(openConnections, "openConnections");
        return openConnections::getAsInt;
    }
}
