package dev.duet.spi;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A core's side of an upgraded connection: how Duet's WebSocket machinery writes frames. Each
 * method may be called on any thread and must not block.
 */
public interface WebSocketTransport {
    /** Writes one whole message ({@code text}: UTF-8 bytes); completes when it is written, fails if it cannot be. */
    CompletionStage<Void> send(boolean text, ByteBuffer payload);

    /** Writes a ping frame. */
    void ping(ByteBuffer payload);

    /** Writes a close frame with {@code code} and {@code reason}; completes when written. The connection stays open for the peer's answer. */
    CompletionStage<Void> sendClose(int code, String reason);

    /** Closes the connection at once, with no more frames (a dead or misbehaving peer, or after the closing handshake). */
    void abort();

    /**
     * Stops (false) or resumes (true) reading frames: back-pressure when the handler is more than
     * {@code wsMaxQueuedBytes} behind (resumed once it is back under half). Called from any thread.
     * A core that can only pause by holding a thread bounds the pause itself (the servlet core:
     * {@code wsSlowClientTimeout}, then {@link WebSocketPeer#protocolError} with 1008).
     */
    default void reading(boolean on) {
    }

    /**
     * Where the continuations of an async handler run when its stage completes elsewhere: the
     * connection's event loop, or (a core without one) any non-blocking executor.
     */
    Executor loop();
}
