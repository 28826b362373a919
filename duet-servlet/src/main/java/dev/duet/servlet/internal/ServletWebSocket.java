package dev.duet.servlet.internal;

import dev.duet.Config;
import dev.duet.spi.OutgoingResponse;
import dev.duet.spi.WebSocketAccept;
import dev.duet.spi.WebSocketPeer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WebSockets on a servlet container, through Jakarta WebSocket: the route's handler accepted the
 * handshake, so the servlet asks the container to switch ({@link ServerContainer#upgradeHttpToWebSocket})
 * with an endpoint that hands every frame to Duet's socket ({@link WebSocketPeer}), which joins
 * fragments, enforces the limits, pings and closes the same way on every core. The container
 * writes the 101 and the {@code Sec-WebSocket-Accept}; Duet's other headers (cookies, the request
 * id, the security headers) are set on the response before it does. Public only because a
 * container requires a public endpoint class; not exported.
 */
public final class ServletWebSocket extends Endpoint {
    private static final Logger log = LoggerFactory.getLogger(ServletWebSocket.class);
    /** The headers the container writes itself on a 101. */
    private static final Set<String> CONTAINERS = Set.of("upgrade", "connection", "sec-websocket-accept", "sec-websocket-protocol");

    private final WebSocketAccept accept;
    private final OpenSockets sockets;
    private final Config limits;
    private WebSocketPeer peer;
    private JakartaTransport transport;
    private boolean inText;
    private boolean inBinary;

    private ServletWebSocket(WebSocketAccept accept, OpenSockets sockets, Config limits) {
        this.accept = accept;
        this.sockets = sockets;
        this.limits = limits;
    }

    /**
     * Switches {@code req} over to the socket {@code accept}; false (the socket's place given back)
     * if the container has no WebSocket support or refuses. The socket is in {@code sockets} while open;
     * {@code limits} is the app's config (how long reading may stay paused: {@code wsSlowClientTimeout}).
     */
    public static boolean upgrade(HttpServletRequest req, HttpServletResponse resp, OutgoingResponse out, WebSocketAccept accept,
                                  OpenSockets sockets, Config limits) {
        Object container = req.getServletContext().getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer sc)) {
            log.error("A WebSocket handshake was accepted, but this container has no Jakarta WebSocket support"
                    + " (add jetty-ee11-websocket-jakarta-server, or tomcat-embed-websocket, or deploy to a full container)");
            accept.abandon();
            return false;
        }
        out.writeHeaders(resp, (target, name, value) -> {
            if (!CONTAINERS.contains(name.toLowerCase(java.util.Locale.ROOT))) target.addHeader(name, value);
        }, false);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(ServletWebSocket.class, "/")
                .subprotocols(accept.subprotocol() == null ? List.of() : List.of(accept.subprotocol()))
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(new ServletWebSocket(accept, sockets, limits));
                    }
                })
                .build();
        try {
            sc.upgradeHttpToWebSocket(req, resp, config, Map.of());
            return true;
        } catch (IOException | jakarta.websocket.DeploymentException | RuntimeException e) {
            log.warn("The container refused to switch to WebSocket: {}", e.toString());
            accept.abandon();
            return false;
        }
    }

    /** The socket is open: frames go to Duet's socket from now on. */
    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(0); // Duet's pings find dead peers
        session.setMaxTextMessageBufferSize(Math.min(accept.maxMessageSize(), 64 * 1024) + 16);
        session.setMaxBinaryMessageBufferSize(Math.min(accept.maxMessageSize(), 64 * 1024) + 16);
        transport = new JakartaTransport(session);
        peer = accept.open(transport);
        sockets.add(peer);
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) -> {
            peer.frame(inText ? WebSocketPeer.Frame.CONTINUATION : WebSocketPeer.Frame.TEXT,
                    ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8)), last);
            inText = !last;
            holdWhilePaused();
        });
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (part, last) -> {
            peer.frame(inBinary ? WebSocketPeer.Frame.CONTINUATION : WebSocketPeer.Frame.BINARY, part, last);
            inBinary = !last;
            holdWhilePaused();
        });
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> peer.pong());
        peer.opened();
    }

    /**
     * Back-pressure: while the handler is more than {@code wsMaxQueuedBytes} behind, this container
     * thread does not return, so the container reads nothing more from the connection. A thread
     * held is a cost on a container with a pool of platform threads, so the hold is bounded: a
     * handler still that far behind after {@code wsSlowClientTimeout} has its socket closed (1008).
     */
    private void holdWhilePaused() {
        Duration limit = limits.wsSlowClientTimeout();
        if (transport.awaitReading(limit)) return;
        log.warn("WebSocket closed (1008): its handler stayed more than wsMaxQueuedBytes ({} bytes) behind its client for"
                + " wsSlowClientTimeout ({}), and this core can only pause reading by holding a container thread",
                limits.wsMaxQueuedBytes(), limit);
        peer.protocolError(1008, "the handler fell behind its client for longer than wsSlowClientTimeout");
    }

    /** The closing handshake is over, or the connection was lost. */
    @Override
    public void onClose(Session session, CloseReason reason) {
        if (peer == null) return;
        transport.handshakeOver();
        transport.release();
        sockets.remove(peer);
        int code = reason.getCloseCode().getCode();
        if (code == 1006) peer.closed();
        else peer.closeReceived(code, reason.getReasonPhrase());
        peer.closed();
    }

    /** The connection or a frame failed. */
    @Override
    public void onError(Session session, Throwable error) {
        if (peer == null) return;
        if (error instanceof IOException) log.debug("WebSocket connection failed: {}", error.toString());
        else peer.failed(error);
    }
}
