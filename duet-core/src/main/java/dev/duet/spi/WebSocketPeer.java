package dev.duet.spi;

import java.nio.ByteBuffer;

/**
 * Duet's side of an upgraded connection: what a core reports as frames arrive. The core calls
 * these from one thread at a time, in the order the frames came (ping frames it answers itself).
 */
public interface WebSocketPeer {
    /** The kind of a data frame. */
    enum Frame { TEXT, BINARY, CONTINUATION }

    /** The connection is upgraded and reading: the handler's {@code onOpen} runs. Called once, first. */
    void opened();

    /**
     * A data frame: {@code payload} (read before this returns; not kept) and whether it ends its
     * message. Fragments are joined and the message limit enforced here; a broken sequence closes
     * the socket with 1002, too large a message with 1009.
     */
    void frame(Frame kind, ByteBuffer payload, boolean last);

    /**
     * The core's frame reader found a broken frame, or the core found a limit passed: closes the
     * socket with {@code code} (1002, 1007, 1009; 1008 for a limit such as a pause in reading that
     * lasted too long), {@code why} saying which.
     */
    void protocolError(int code, String why);

    /** A pong frame came (a sign of life). */
    void pong();

    /** The peer sent a close frame ({@code code} 1005 if it had none): it is answered and the connection closed. */
    void closeReceived(int code, String reason);

    /** The connection is gone (after a close, or lost): the handler's {@code onClose} runs if it has not. Idempotent. */
    void closed();

    /** The server is stopping: closes the socket with 1001 (going away). */
    void goingAway();

    /** The connection failed with {@code error}; {@link #closed()} follows. */
    void failed(Throwable error);
}
