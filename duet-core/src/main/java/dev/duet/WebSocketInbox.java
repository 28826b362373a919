package dev.duet;

import dev.duet.spi.WebSocketTransport;
import dev.duet.ws.WebSocket;
import dev.duet.ws.WebSocketUpgrade;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A socket's events on their way to its handler: one at a time, in order. A blocking handler's run
 * on a virtual thread started when events arrive and ending when none are left (no thread is held
 * by an idle socket); an async handler's run on the transport's loop, the next once the stage of
 * the last has completed. Messages waiting here count against {@code wsMaxQueuedBytes}: past it
 * the core stops reading until the handler is back under half of it (Netty turns off its
 * connection's reading; the servlet core holds the container's thread that delivered the frame).
 */
final class WebSocketInbox {
    /** One event for the handler; a blocking handler's returns null. */
    private interface Event {
        CompletionStage<?> run() throws Exception;
    }

    private final WebSocketSession socket;
    private final WebSocket.Handler blocking;
    private final WebSocket.AsyncHandler async;
    private final WebSocketTransport transport;
    private final long cap;
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean closed;
    private boolean readingPaused; // guarded by this
    private long resumedNanos = System.nanoTime(); // guarded by this: when reading last came back on

    WebSocketInbox(WebSocketSession socket, WebSocketUpgrade upgrade, WebSocketTransport transport, long cap) {
        this.socket = socket;
        this.blocking = upgrade.handler();
        this.async = upgrade.asyncHandler();
        this.transport = transport;
        this.cap = cap;
    }

    void open() {
        add(blocking != null ? () -> { blocking.onOpen(socket); return null; } : () -> async.onOpen(socket));
    }

    void text(String text) {
        message(text.length(), blocking != null ? () -> { blocking.onText(socket, text); return null; }
                : () -> async.onText(socket, text));
    }

    void binary(byte[] data) {
        message(data.length, blocking != null ? () -> { blocking.onBinary(socket, data); return null; }
                : () -> async.onBinary(socket, data));
    }

    void error(Throwable error) {
        add(blocking != null ? () -> { blocking.onError(socket, error); return null; } : () -> async.onError(socket, error));
    }

    /** The last event: nothing is delivered after it. */
    void close(int code, String reason) {
        add(blocking != null ? () -> { blocking.onClose(socket, code, reason); return null; }
                : () -> async.onClose(socket, code, reason));
        closed = true;
    }

    private void message(int size, Event e) {
        if (closed) return;
        if (pending.addAndGet(size) > cap) reading(false);
        add(() -> {
            try {
                return e.run();
            } finally {
                if (pending.addAndGet(-size) <= cap / 2) reading(true);
            }
        });
    }

    /**
     * True if the core was asked to stop reading at any time since {@code sinceNanos}: an answer
     * the peer sent then may not have been read yet, through no fault of its own.
     */
    synchronized boolean readingPausedSince(long sinceNanos) {
        return readingPaused || resumedNanos - sinceNanos >= 0;
    }

    private synchronized void reading(boolean on) {
        if (readingPaused != on) return;
        readingPaused = !on;
        if (on) resumedNanos = System.nanoTime();
        transport.reading(on);
    }

    private void add(Event e) {
        if (closed) return;
        events.add(e);
        if (draining.compareAndSet(false, true)) start();
    }

    private void start() {
        if (blocking != null) Thread.ofVirtual().name("duet-ws").start(this::drain);
        else transport.loop().execute(this::drain);
    }

    private void drain() {
        while (true) {
            Event e;
            while ((e = events.poll()) != null) {
                CompletionStage<?> stage = run(e);
                if (stage != null && !stage.toCompletableFuture().isDone()) {
                    stage.whenComplete((v, err) -> {
                        if (err != null) failed(err);
                        transport.loop().execute(this::drain); // still draining: no one else starts
                    });
                    return;
                }
                if (stage != null && stage.toCompletableFuture().isCompletedExceptionally()) {
                    stage.whenComplete((v, err) -> failed(err));
                }
            }
            draining.set(false);
            if (events.isEmpty() || !draining.compareAndSet(false, true)) return;
        }
    }

    private CompletionStage<?> run(Event e) {
        try {
            return e.run();
        } catch (Exception | Error x) {
            failed(x);
            return null;
        }
    }

    /** A handler method failed: its {@code onError} runs now, in turn, then the socket closes with 1011. */
    private void failed(Throwable error) {
        try {
            if (blocking != null) blocking.onError(socket, error);
            else async.onError(socket, error);
        } catch (Exception | Error x) {
            error.addSuppressed(x);
        }
        socket.handlerFailed(error);
    }
}
