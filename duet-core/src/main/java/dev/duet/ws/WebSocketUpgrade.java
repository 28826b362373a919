package dev.duet.ws;

import java.util.List;
import java.util.Objects;

/**
 * The answer of a WebSocket endpoint: returned by a {@code GET} route's handler, it makes Duet
 * complete the handshake (101 Switching Protocols) and hand the connection to its handler. Made
 * by {@link WebSocket#accept} or {@link WebSocket#acceptAsync}; tuned fluently.
 *
 * <pre>{@code
 * app.get("/chat", req -> WebSocket.accept(chat).subprotocols("chat.v2", "chat.v1").maxMessageSize(16 * 1024));
 * }</pre>
 *
 * <p>Before it switches, Duet refuses a request that is no WebSocket handshake (426), a
 * cross-site handshake from an origin that is neither the app's own nor in
 * {@code trustedOrigins} (403), and one over {@code maxWebSockets} open connections (503).
 */
public final class WebSocketUpgrade {
    private final WebSocket.Handler handler;
    private final WebSocket.AsyncHandler asyncHandler;
    private List<String> subprotocols = List.of();
    private int maxMessageSize;

    WebSocketUpgrade(WebSocket.Handler handler, WebSocket.AsyncHandler asyncHandler) {
        if (handler == null && asyncHandler == null) throw new NullPointerException("handler");
        this.handler = handler;
        this.asyncHandler = asyncHandler;
    }

    /**
     * The subprotocols this endpoint speaks, preferred first: the first of them the client offers
     * (in {@code Sec-WebSocket-Protocol}) is agreed on; if the client offers none of them, the
     * socket opens with none ({@link WebSocket#subprotocol()} null) and the client decides.
     */
    public WebSocketUpgrade subprotocols(String... names) {
        for (String n : names) Objects.requireNonNull(n, "subprotocol");
        this.subprotocols = List.of(names);
        return this;
    }

    /**
     * The largest message this endpoint takes, in bytes, fragments joined; a larger one closes the
     * socket with {@link WebSocket#MESSAGE_TOO_BIG}. Overrides the app's {@code wsMaxMessageSize}.
     */
    public WebSocketUpgrade maxMessageSize(int bytes) {
        if (bytes < 1) throw new IllegalArgumentException("maxMessageSize must be at least 1 byte: " + bytes);
        this.maxMessageSize = bytes;
        return this;
    }

    /** True if the handler is an {@link WebSocket.AsyncHandler}. */
    public boolean isAsync() {
        return asyncHandler != null;
    }

    /** The blocking handler, or null for an async one. */
    public WebSocket.Handler handler() {
        return handler;
    }

    /** The async handler, or null for a blocking one. */
    public WebSocket.AsyncHandler asyncHandler() {
        return asyncHandler;
    }

    /** The subprotocols set, preferred first; empty if none. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** The endpoint's own message limit in bytes, or 0 to use the app's {@code wsMaxMessageSize}. */
    public int maxMessageSize() {
        return maxMessageSize;
    }
}
