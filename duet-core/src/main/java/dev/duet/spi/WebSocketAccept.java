package dev.duet.spi;

import dev.duet.Response;

/**
 * A WebSocket handshake the app accepted: the body of a {@code 101} response, for the core to
 * switch the connection over. The response's headers ({@code Upgrade}, {@code Sec-WebSocket-Accept},
 * {@code Sec-WebSocket-Protocol}, cookies, the security headers) are ready to send; a core adds
 * {@code Connection: Upgrade}, which is not the app's to set.
 *
 * <pre>{@code
 * WebSocketAccept accept = WebSocketAccept.of(response);
 * if (accept != null) { write the 101; then WebSocketPeer peer = accept.open(transport); peer.opened(); }
 * }</pre>
 */
public interface WebSocketAccept {
    /** The accepted handshake {@code res} carries, or null if it is no upgrade. */
    static WebSocketAccept of(Response res) {
        return res.status() == 101 && res.body() instanceof WebSocketAccept a ? a : null;
    }

    /** The subprotocol agreed on, or null. */
    String subprotocol();

    /** The largest message, in bytes, a frame reader may let through before {@link WebSocketPeer} refuses it. */
    int maxMessageSize();

    /** The 101 is written: binds the socket to {@code transport}; call {@link WebSocketPeer#opened()} once reading. Once only. */
    WebSocketPeer open(WebSocketTransport transport);

    /** The switch did not happen (the connection closed first): frees the connection's place under {@code maxWebSockets}. */
    void abandon();
}
