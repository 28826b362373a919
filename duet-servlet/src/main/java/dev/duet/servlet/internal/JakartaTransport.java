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

/**
 * How Duet's socket writes through a Jakarta WebSocket session. Jakarta allows one send at a time
 * and its sends (and pings and closes) may block when the client does not read, so every write
 * goes through one queue, drained by a virtual thread started when writes arrive and ending when
 * none are left: the caller (a handler, the timer) never blocks, and the order is kept.
 */
final class JakartaTransport implements WebSocketTransport {
    private final Session session;
    private final ConcurrentLinkedQueue<Runnable> writes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

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

    @Override
    public void abort() {
        // Jakarta has no abort: a close without waiting, on a thread of its own in case it blocks
        Thread.ofVirtual().name("duet-ws-abort").start(() -> {
            try {
                if (session.isOpen()) session.close();
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
        });
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
