package dev.duet.netty;

import dev.duet.spi.EventLoopThread;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the event loop threads: {@link FastThreadLocalThread}s (Netty's fast thread-locals, used
 * by the pooled allocator's caches) that carry Duet's {@link EventLoopThread} marker, so that
 * {@code App} knows never to run a blocking link on them. Named {@code duet-loop-N}.
 */
final class LoopThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
        return new LoopThread(r, "duet-loop-" + count.incrementAndGet());
    }

    /**
     * An event loop thread: must never block. The virtual threads its requests hop to are started
     * in batches: those asked for while the loop handles one round of ready sockets are started
     * by one launcher virtual thread once the round's tasks run. Starting each from the loop
     * itself would wake the parked carrier for the first, let it preempt the loop (on a busy core),
     * run out of work, park, and be woken again for the next: two context switches per request.
     *
     * <p>The requests of one connection dispatched in one round (pipelined) share a virtual thread,
     * one after the other in their order ({@link #startRequestThread}): their responses go out in
     * that order anyway, so running the second while the first still runs would only finish it
     * early to wait, and a thread per request costs more than the request itself when the work is
     * small. What makes a thread a request's own is given up between them, a cancelling interrupt
     * included.
     */
    static final class LoopThread extends FastThreadLocalThread implements EventLoopThread {
        /**
         * The most virtual threads held for one launch: a round asking for more launches them in
         * batches of this size as it goes. Threads, not tasks: a connection's pipelined requests
         * share one, and waking the carrier for every 32 requests rather than every 32 connections
         * costs a carrier's spin and park each time (on a busy core, the loop's own time).
         */
        static final int LAUNCH_AT = 32;
        private EventExecutor loop;
        private Runnable[] tasks = new Runnable[16];
        private Executor[] executors = new Executor[16];
        private Object[] connections = new Object[16];
        private int pending;
        /** The virtual threads the pending tasks will take: tasks in turn on one connection share one. */
        private int threads;
        private final Runnable launchPending = this::launchPending;

        LoopThread(Runnable r, String name) {
            super(r, name);
            // Not inherited from whichever thread first gave the loop work (the acceptor, say): a
            // running server keeps the JVM up.
            setDaemon(false);
        }

        /** The loop running on this thread, once known (called on this thread). */
        void bind(EventExecutor loop) {
            this.loop = loop;
        }

        @Override
        public java.util.concurrent.ScheduledExecutorService scheduler() {
            return loop;
        }

        @Override
        public void startVirtual(Runnable task, Executor virtualThreads) {
            start(task, virtualThreads, null);
        }

        @Override
        public void startRequestThread(Runnable task, Executor virtualThreads, Object connection) {
            start(task, virtualThreads, connection);
        }

        private void start(Runnable task, Executor virtualThreads, Object connection) {
            if (loop == null) {
                virtualThreads.execute(task);
                return;
            }
            boolean ownThread = pending == 0 || connection == null || connections[pending - 1] != connection
                    || executors[pending - 1] != virtualThreads;
            if (ownThread && threads == LAUNCH_AT) {
                // A round can read thousands of requests (a wave of clients coming back at once):
                // held to its end, the first would wait for the last, start their work together,
                // and come back together again, the wave never spreading out.
                launchPending();
            }
            if (ownThread) threads++;
            if (pending == tasks.length) {
                tasks = Arrays.copyOf(tasks, pending * 2);
                executors = Arrays.copyOf(executors, pending * 2);
                connections = Arrays.copyOf(connections, pending * 2);
            }
            tasks[pending] = task;
            executors[pending] = virtualThreads;
            connections[pending] = connection;
            // A task queued from the loop itself runs after the round's I/O, with no wake-up.
            if (pending++ == 0) {
                try {
                    loop.execute(launchPending);
                } catch (RejectedExecutionException e) {
                    launchPending(); // shutting down: start it now rather than never
                }
            }
        }

        private void launchPending() {
            int n = pending;
            pending = 0;
            threads = 0;
            if (n == 0) return; // launched early, when the batch filled up
            if (n == 1) {
                Runnable task = tasks[0];
                tasks[0] = null;
                connections[0] = null;
                executors[0].execute(task);
                return;
            }
            Runnable[] batch = Arrays.copyOf(tasks, n);
            Executor[] starters = Arrays.copyOf(executors, n);
            Object[] owners = Arrays.copyOf(connections, n);
            Arrays.fill(tasks, 0, n, null);
            Arrays.fill(executors, 0, n, null);
            Arrays.fill(connections, 0, n, null);
            Thread.startVirtualThread(() -> {
                int i = 0;
                while (i < batch.length) {
                    int end = i + 1;
                    while (end < batch.length && owners[i] != null && owners[end] == owners[i] && starters[end] == starters[i]) end++;
                    starters[i].execute(end - i == 1 ? batch[i] : inTurn(batch, i, end));
                    i = end;
                }
            });
        }

        private static Runnable inTurn(Runnable[] batch, int from, int to) {
            return () -> {
                for (int i = from; i < to; i++) batch[i].run();
            };
        }
    }
}
