package dev.duet.netty;

import dev.duet.spi.EventLoopThread;
import io.netty.util.concurrent.FastThreadLocalThread;

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

    /** An event loop thread: must never block. */
    static final class LoopThread extends FastThreadLocalThread implements EventLoopThread {
        LoopThread(Runnable r, String name) {
            super(r, name);
        }
    }
}
