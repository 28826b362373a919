package dev.duet.ws;

import dev.duet.Request;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One open WebSocket connection, as the app's handler sees it. An endpoint is an ordinary
 * {@code GET} route whose handler returns an upgrade made by {@link #accept} (a blocking handler)
 * or {@link #acceptAsync} (an async one), so the app's middleware, sessions, auth, the origin check
 * and CORS apply to the handshake exactly as to any request, and {@link #request()} is that
 * handshake: its session, its attributes, its user.
 *
 * <pre>{@code
 * app.get("/echo", req -> WebSocket.accept(new WebSocket.Handler() {
 *     public void onText(WebSocket ws, String text) {
 *         ws.sendText("you said: " + text);
 *     }
 * }).subprotocols("echo.v1").maxMessageSize(64 * 1024));
 * }</pre>
 *
 * <h2>Sending</h2>
 * {@link #sendText} and {@link #sendBinary} never block: the message is queued and the stage
 * completes once it is handed to the network. Each connection's queue is bounded by
 * {@code wsMaxQueuedBytes}: a message that would overflow it is refused (its stage fails), and a
 * client that stays behind for {@code wsSlowClientTimeout} is closed with
 * {@link #POLICY_VIOLATION} (logged once). Blocking code that wants to keep pace with its client
 * waits for the stage: {@code ws.sendText(s).toCompletableFuture().join()}.
 *
 * <h2>Liveness</h2>
 * Every {@code wsPingInterval} the server pings. A peer that answers nothing (no pong, no message)
 * within {@code wsPongTimeout} of a ping, while nothing is queued for it, is taken for dead and
 * its connection cut (the handler sees {@code onClose(1006, ...)}). A peer that does not answer
 * while messages are still queued for it may simply not have read as far as the ping: it is slow,
 * not dead, and the slow-client rule ({@code wsSlowClientTimeout}, 1008) decides.
 */
public interface WebSocket {
    /** Close code: a normal closure. */
    int NORMAL = 1000;
    /** Close code: the server is stopping, or the page is being left. */
    int GOING_AWAY = 1001;
    /** Close code: the peer broke the protocol (e.g. a continuation with no message begun). */
    int PROTOCOL_ERROR = 1002;
    /** Close code: a text message that is not valid UTF-8. */
    int INVALID_DATA = 1007;
    /** Close code: a message or behaviour the endpoint does not accept (e.g. a client too slow to read). */
    int POLICY_VIOLATION = 1008;
    /** Close code: a message larger than the endpoint's {@code maxMessageSize}. */
    int MESSAGE_TOO_BIG = 1009;
    /** Close code: the handler failed. */
    int INTERNAL_ERROR = 1011;
    /** Close code (never sent): the connection ended without a close frame. */
    int ABNORMAL = 1006;

    /**
     * An upgrade whose messages a blocking {@code handler} receives: one at a time, in order, on a
     * virtual thread, so it may block (JDBC, files). Return it from a {@code GET} route.
     */
    static WebSocketUpgrade accept(Handler handler) {
        return new WebSocketUpgrade(handler, null);
    }

    /**
     * An upgrade whose messages an async {@code handler} receives on the event loop: one at a time,
     * in order, the next once the stage returned for the previous one has completed. It must not
     * block. Return it from a {@code GET} route.
     *
     * <pre>{@code
     * app.get("/ticks", req -> WebSocket.acceptAsync(new WebSocket.AsyncHandler() {
     *     public CompletionStage<?> onText(WebSocket ws, String text) {
     *         return ws.sendText(text.toUpperCase());
     *     }
     * }));
     * }</pre>
     */
    static WebSocketUpgrade acceptAsync(AsyncHandler handler) {
        return new WebSocketUpgrade(null, handler);
    }

    /** Queues a text message; the stage completes when it is written, or fails if the socket is closed or its queue full. */
    CompletionStage<Void> sendText(String text);

    /** Queues a binary message (the array is not copied: do not change it afterwards); completes as {@link #sendText}. */
    CompletionStage<Void> sendBinary(byte[] data);

    /**
     * Starts the closing handshake with {@code code} (1000, 1001-1003 and 1007-1011 as RFC 6455
     * defines them, or 3000-4999 for the app's own; any other fails with an
     * {@link IllegalArgumentException}) and {@code reason}, cut to the 123 UTF-8 bytes a close
     * frame holds; a peer that does not answer within a second is cut off. Does nothing if the
     * socket is closing already.
     */
    void close(int code, String reason);

    /** Closes normally ({@link #NORMAL}, no reason). */
    default void close() {
        close(NORMAL, "");
    }

    /** Bytes queued for this client and not yet written to the network. */
    long queuedBytes();

    /** The handshake request: its session, attributes, headers and user. */
    Request request();

    /** The subprotocol agreed on in the handshake, or null if none. */
    String subprotocol();

    /** True until a close frame is sent or received, or the connection is lost. */
    boolean isOpen();

    /**
     * What a blocking endpoint does with its socket's events; each method runs on a virtual thread,
     * one at a time and in order, so it may block. Override the ones you need.
     */
    interface Handler {
        /** The handshake is done: the socket is open. */
        default void onOpen(WebSocket ws) throws Exception {
        }

        /** A whole text message (fragments already joined). */
        default void onText(WebSocket ws, String text) throws Exception {
        }

        /** A whole binary message (fragments already joined). */
        default void onBinary(WebSocket ws, byte[] data) throws Exception {
        }

        /**
         * The socket is closed: {@code code} is the peer's (or ours, if we closed first), or
         * {@link #ABNORMAL} if the connection was lost. Called once, last.
         */
        default void onClose(WebSocket ws, int code, String reason) throws Exception {
        }

        /** Another method of this handler failed with {@code error}; the socket is then closed with {@link #INTERNAL_ERROR}. */
        default void onError(WebSocket ws, Throwable error) throws Exception {
        }
    }

    /**
     * What an async endpoint does with its socket's events; each method runs on the event loop and
     * must not block. The next event waits until the returned stage completes (null counts as done).
     */
    interface AsyncHandler {
        /** The handshake is done: the socket is open. */
        default CompletionStage<?> onOpen(WebSocket ws) {
            return DONE;
        }

        /** A whole text message (fragments already joined). */
        default CompletionStage<?> onText(WebSocket ws, String text) {
            return DONE;
        }

        /** A whole binary message (fragments already joined). */
        default CompletionStage<?> onBinary(WebSocket ws, byte[] data) {
            return DONE;
        }

        /** The socket is closed (see {@link Handler#onClose}). Called once, last. */
        default CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            return DONE;
        }

        /** Another method failed or its stage failed with {@code error}; the socket is then closed with {@link #INTERNAL_ERROR}. */
        default CompletionStage<?> onError(WebSocket ws, Throwable error) {
            return DONE;
        }
    }

    /** A completed stage, for async handlers that have nothing to wait for. */
    CompletionStage<?> DONE = CompletableFuture.completedFuture(null);
}
