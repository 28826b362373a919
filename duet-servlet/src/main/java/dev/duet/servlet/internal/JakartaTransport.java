package dev.duet.servlet.internal;

import dev.duet.spi.WebSocketTransport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How Duet's socket writes through a Jakarta WebSocket session. Jakarta allows one send at a time
 * and its sends (and pings and closes) may block when the client does not read, so every write
 * goes through one queue, drained by a virtual thread started when writes arrive and ending when
 * none are left: the caller (a handler, the timer) never blocks, and the order is kept.
 *
 * <p>Reading is paused the one way Jakarta WebSocket allows on every container: the container
 * reads a connection's next frame only once the message handler has returned, so the container
 * thread that delivered a frame is held ({@link #awaitReading}) while Duet has reading off. The
 * connection's bytes then wait in the network buffers and, once those are full, the client's
 * sends block: back-pressure without a frame kept in memory. Jetty's and Tomcat's own ways to
 * suspend a session are not reachable through the Jakarta API without reflection or a
 * compile-time tie to one container; holding the thread works on all of them.
 */
final class JakartaTransport implements WebSocketTransport {
    private final Session session;
    private final ConcurrentLinkedQueue<Runnable> writes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final ReentrantLock gate = new ReentrantLock();
    private final Condition resumed = gate.newCondition();
    private boolean paused; // guarded by gate
    private boolean closing; // guarded by gate: no more holding, the peer's close must be read
    private volatile boolean handshakeOver;

    JakartaTransport(Session session) {
        this.session = session;
    }

    @Override
    public CompletionStage<Void> send(boolean text, ByteBuffer payload) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(() -> {
            try {
                if (text) session.getBasicRemote().sendText(StandardCharsets.UTF_8.decode(payload).toString());
                else session.getBasicRemote().sendBinary(payload);
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    @Override
    public void ping(ByteBuffer payload) {
        enqueue(() -> {
            try {
                session.getBasicRemote().sendPing(payload);
            } catch (IOException | RuntimeException e) {
                // a peer that cannot take a ping does not answer it either: the socket sees to that
            }
        });
    }

    @Override
    public CompletionStage<Void> sendClose(int code, String reason) {
        release(); // the answer to our close must be read
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(() -> {
            try {
                if (session.isOpen()) session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * The container has reported the end of the closing handshake (or of the connection): it sends
     * its own answer to the peer's close and closes the connection itself, so an abort from now on
     * would only cut that answer off (the peer would see 1006 instead of its code echoed).
     */
    void handshakeOver() {
        handshakeOver = true;
    }

    @Override
    public void abort() {
        release();
        if (handshakeOver) return;
        // Jakarta has no abort. On embedded Jetty, Jetty's own session cuts the connection; on
        // another container (Tomcat) the best Jakarta offers is a close without waiting, on a
        // thread of its own as it may block behind unwritten data: the client gets a close frame
        // after what is queued, if it ever reads, and the container's own timeouts end the rest.
        if (session.getClass().getName().startsWith("org.eclipse.jetty.") && JettyAbort.abort(session)) return;
        Thread.ofVirtual().name("duet-ws-abort").start(() -> {
            try {
                if (session.isOpen()) session.close();
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
        });
    }

    @Override
    public void reading(boolean on) {
        gate.lock();
        try {
            paused = !on;
            if (on) resumed.signalAll();
        } finally {
            gate.unlock();
        }
    }

    /**
     * Called by the container thread that has just delivered a frame: holds it while reading is
     * paused, at most {@code limit}. True once reading may go on (or the socket is closing);
     * false if it was still paused when {@code limit} ran out.
     */
    boolean awaitReading(java.time.Duration limit) {
        gate.lock();
        try {
            long left = limit.toNanos();
            while (paused && !closing) {
                if (left <= 0) return false;
                left = resumed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the container is stopping this thread: let it go
            return true;
        } finally {
            gate.unlock();
        }
    }

    /** The socket is closing or gone: a held container thread goes on, and none is held again. */
    void release() {
        gate.lock();
        try {
            closing = true;
            resumed.signalAll();
        } finally {
            gate.unlock();
        }
    }

    @Override
    public Executor loop() {
        return Runnable::run;
    }

    private void enqueue(Runnable write) {
        writes.add(write);
        if (writing.compareAndSet(false, true)) Thread.ofVirtual().name("duet-ws-writer").start(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable w;
            while ((w = writes.poll()) != null) w.run();
            writing.set(false);
            if (writes.isEmpty() || !writing.compareAndSet(false, true)) return;
        }
    }
}
