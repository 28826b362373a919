package dev.duet.sse;

import dev.duet.Config;
import dev.duet.Response;
import dev.duet.spi.StreamAbandoned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One event stream's engine, whichever its source: a queue of encoded events between the source
 * (any thread) and the core's writer, which runs {@link #writeTo} on a virtual thread of the
 * core's and is the only thread that ever touches the connection. The writer waits on the queue
 * for at most {@code sseKeepAlive}, then writes a keep-alive comment; a core interrupts it when
 * the client goes away, which closes the stream there and then, without waiting for an event.
 *
 * <p>Every core already writes a {@link Response.StreamBody} this way, so no core knows about
 * event streams: a stream is just a body that never ends by itself.
 */
final class EventChannel implements Response.StreamBody {
    private static final Logger log = LoggerFactory.getLogger(EventChannel.class);
    private static final String OVERFLOW = "fell more than sseMaxQueued bytes behind for longer than sseQueueGrace";
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    /** Streams being written now, in this JVM: {@link EventStream#openStreams()}. */
    static final java.util.concurrent.atomic.AtomicInteger OPEN = new java.util.concurrent.atomic.AtomicInteger();

    private final long keepAliveNanos;
    private final long maxQueued;
    private final long graceNanos;
    private final String lastEventId;
    private final Consumer<EventChannel> starter;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock:
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final List<Runnable> onClose = new ArrayList<>();
    private long queued;
    private long overSince = -1;
    private boolean ending;
    private boolean started;
    private Throwable failure;
    private String closedBecause;

    private volatile boolean closed;
    private volatile Thread writer;
    private volatile Thread producer;

    private EventChannel(Config config, String lastEventId, Consumer<EventChannel> starter) {
        this.keepAliveNanos = config.sseKeepAlive().toNanos();
        this.maxQueued = config.sseMaxQueued();
        this.graceNanos = config.sseQueueGrace().toNanos();
        this.lastEventId = lastEventId;
        this.starter = starter;
    }

    static EventChannel blocking(Config config, String lastEventId, EventStream.Source source) {
        return new EventChannel(config, lastEventId, ch -> ch.startProducer(source));
    }

    static EventChannel push(Config config, String lastEventId, EventStream.Setup setup) {
        return new EventChannel(config, lastEventId, ch -> ch.runSetup(setup));
    }

    // ---- the writer: the core's thread for this body ----

    @Override
    public void writeTo(OutputStream out) throws IOException {
        lock.lock();
        try {
            if (started) throw new IOException("an event stream is written once");
            started = true;
        } finally {
            lock.unlock();
        }
        writer = Thread.currentThread();
        OPEN.incrementAndGet();
        try {
            starter.accept(this);
            byte[] frame;
            while ((frame = next()) != null) {
                out.write(frame);
                // Flushed once the queue is empty: a burst goes out in as few writes as the core's
                // buffer allows, a lone event at once.
                if (drained()) out.flush();
            }
        } catch (InterruptedException e) {
            close("the client went away", false);
            throw abandoned(new InterruptedIOException("the event stream stopped: the client went away"));
        } catch (IOException e) {
            close("the client went away", false);
            throw abandoned(e);
        } finally {
            writer = null;
            OPEN.decrementAndGet();
            close("the stream ended", false);
        }
        Throwable failed = failed();
        if (failed != null) throw new IOException("the event source failed", failed);
    }

    /** {@code e}, or a {@link StreamAbandoned} if the writer was stopped because the client fell too far behind. */
    private IOException abandoned(IOException e) {
        lock.lock();
        try {
            return OVERFLOW.equals(closedBecause) ? new StreamAbandoned("the event stream's client " + OVERFLOW) : e;
        } finally {
            lock.unlock();
        }
    }

    /** The next bytes to write: an event, a keep-alive after a quiet while, or null at the end. */
    private byte[] next() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long wait = keepAliveNanos;
            while (queue.isEmpty()) {
                if (closed || ending) return null;
                if (wait <= 0) return KEEP_ALIVE;
                wait = changed.awaitNanos(wait);
            }
            if (closed) return null;
            byte[] frame = queue.poll();
            queued -= frame.length;
            if (queued <= maxQueued) overSince = -1;
            changed.signalAll(); // a blocking source may be waiting for room
            return frame;
        } finally {
            lock.unlock();
        }
    }

    private boolean drained() {
        lock.lock();
        try {
            return queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    // ---- the sources ----

    private void startProducer(EventStream.Source source) {
        Events events = new BlockingEvents(this);
        producer = Thread.ofVirtual().name("duet-sse-source").start(() -> {
            try {
                source.run(events);
                end(null);
            } catch (Throwable t) {
                if (closed) {
                    log.debug("An event source stopped as its stream closed: {}", t.toString());
                } else {
                    end(t);
                }
            }
        });
    }

    private void runSetup(EventStream.Setup setup) {
        try {
            setup.start(new PushSink(this));
        } catch (RuntimeException e) {
            end(e);
        }
    }

    /** Blocking: waits while the queue is full; fails once the stream is closed or ending. */
    void sendWaiting(Event event) throws IOException {
        byte[] frame = event.encode().getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            while (!closed && !ending && queued > 0 && queued + frame.length > maxQueued) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the client was " + queued + " bytes behind");
                }
            }
            if (closed || ending) throw new IOException("the event stream is closed: " + why());
            add(frame);
        } finally {
            lock.unlock();
        }
    }

    /** Push: queues at once; closes the stream if the client has been too far behind for too long. */
    boolean offer(Event event) {
        byte[] frame = event.encode().getBytes(StandardCharsets.UTF_8);
        long behind;
        lock.lock();
        try {
            if (closed || ending) return false;
            add(frame);
            if (queued <= maxQueued) return true;
            long now = System.nanoTime();
            if (overSince < 0) overSince = now;
            if (now - overSince <= graceNanos) return true;
            behind = queued;
        } finally {
            lock.unlock();
        }
        log.warn("Closing an event stream: its client has been more than sseMaxQueued ({} bytes) behind for longer "
                + "than sseQueueGrace ({} ms); {} bytes were queued", maxQueued, TimeUnit.NANOSECONDS.toMillis(graceNanos), behind);
        close(OVERFLOW, true);
        return false;
    }

    private void add(byte[] frame) {
        queue.add(frame);
        queued += frame.length;
        changed.signalAll();
    }

    long queuedBytes() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    String lastEventId() {
        return lastEventId;
    }

    boolean isOpen() {
        return !closed;
    }

    /** No more events: the writer ends the stream once the queue is written; {@code failure} marks it failed. */
    void end(Throwable failure) {
        lock.lock();
        try {
            if (closed || ending) return;
            ending = true;
            this.failure = failure;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the stream now: drops the queue, wakes the writer (interrupts it if
     * {@code stopWriter}, for a client that no longer reads), interrupts a blocking source, and
     * runs the {@code onClose} actions on this thread, once.
     */
    void close(String because, boolean stopWriter) {
        List<Runnable> actions;
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            closedBecause = because;
            queue.clear();
            queued = 0;
            changed.signalAll();
            actions = List.copyOf(onClose);
            onClose.clear();
        } finally {
            lock.unlock();
        }
        Thread p = producer;
        if (p != null && p != Thread.currentThread()) p.interrupt();
        Thread w = writer;
        if (stopWriter && w != null && w != Thread.currentThread()) w.interrupt();
        for (Runnable action : actions) run(action);
    }

    void onClose(Runnable action) {
        java.util.Objects.requireNonNull(action, "action");
        lock.lock();
        try {
            if (!closed) {
                onClose.add(action);
                return;
            }
        } finally {
            lock.unlock();
        }
        run(action);
    }

    private Throwable failed() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    private String why() {
        return closedBecause != null ? closedBecause : "the source ended it";
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("An event stream's onClose action failed", e);
        }
    }
}
