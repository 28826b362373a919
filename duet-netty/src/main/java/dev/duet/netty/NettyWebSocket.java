package dev.duet.netty;

import dev.duet.spi.WebSocketAccept;
import dev.duet.spi.WebSocketPeer;
import dev.duet.spi.WebSocketTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A connection after its WebSocket handshake: Netty's frame decoder and encoder in place of the
 * HTTP ones, and this handler between them and {@link HttpConnection} (which stays, for the
 * server's count of connections and its stop). It passes frames to Duet's socket
 * ({@link WebSocketPeer}: fragments, limits, pings and the closing handshake are Duet's, the same on
 * every core), answers pings, and is the {@link WebSocketTransport} the socket writes through:
 * writes from any thread go to the channel, which runs them on its loop.
 */
final class NettyWebSocket extends ChannelInboundHandlerAdapter implements WebSocketTransport {
    private static final Logger log = LoggerFactory.getLogger(NettyWebSocket.class);

    private final Channel channel;
    private WebSocketPeer peer;

    private NettyWebSocket(Channel channel) {
        this.channel = channel;
    }

    /**
     * Switches the connection whose 101 was just written over to WebSocket frames, before
     * {@code after} (the HTTP handler), and opens the socket. On the connection's loop.
     */
    static NettyWebSocket install(ChannelPipeline pipeline, String after, WebSocketAccept accept) {
        NettyWebSocket ws = new NettyWebSocket(pipeline.channel());
        WebSocketDecoderConfig frames = WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(true)
                .allowExtensions(false)
                .maxFramePayloadLength(accept.maxMessageSize()) // a message's fragments are bounded by Duet
                .closeOnProtocolViolation(false) // Duet closes, so the handler hears the code
                .build();
        pipeline.replace("encoder", "ws-encoder", new WebSocket13FrameEncoder(false));
        pipeline.replace("decoder", "ws-decoder", new WebSocket13FrameDecoder(frames));
        pipeline.addBefore(after, "ws", ws);
        ws.peer = accept.open(ws);
        ws.peer.opened();
        return ws;
    }

    WebSocketPeer peer() {
        return peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            switch (msg) {
                case TextWebSocketFrame f -> peer.frame(WebSocketPeer.Frame.TEXT, f.content().nioBuffer(), f.isFinalFragment());
                case BinaryWebSocketFrame f -> peer.frame(WebSocketPeer.Frame.BINARY, f.content().nioBuffer(), f.isFinalFragment());
                case ContinuationWebSocketFrame f ->
                        peer.frame(WebSocketPeer.Frame.CONTINUATION, f.content().nioBuffer(), f.isFinalFragment());
                case PingWebSocketFrame f -> {
                    ctx.writeAndFlush(new PongWebSocketFrame(f.content().retain()));
                    peer.pong();
                }
                case PongWebSocketFrame f -> peer.pong();
                case CloseWebSocketFrame f -> peer.closeReceived(f.statusCode() < 0 ? 1005 : f.statusCode(), f.reasonText());
                default -> log.debug("Unexpected message on a WebSocket: {}", msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        peer.closed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException c) {
            peer.protocolError(c.closeStatus().code(), String.valueOf(c.getMessage()));
        } else if (cause instanceof IOException) {
            log.debug("WebSocket connection failed: {}", cause.toString());
            ctx.close();
        } else {
            peer.failed(cause);
            ctx.close();
        }
    }

    // ---- the transport ----

    @Override
    public CompletionStage<Void> send(boolean text, ByteBuffer payload) {
        WebSocketFrame frame = text ? new TextWebSocketFrame(Unpooled.wrappedBuffer(payload))
                : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload));
        return stage(channel.writeAndFlush(frame));
    }

    @Override
    public void ping(ByteBuffer payload) {
        channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    @Override
    public CompletionStage<Void> sendClose(int code, String reason) {
        return stage(channel.writeAndFlush(new CloseWebSocketFrame(code, reason))); // Duet kept the reason to 123 bytes
    }

    @Override
    public void abort() {
        channel.close();
    }

    @Override
    public void reading(boolean on) {
        channel.eventLoop().execute(() -> channel.config().setAutoRead(on));
    }

    @Override
    public Executor loop() {
        return channel.eventLoop();
    }

    private static CompletionStage<Void> stage(ChannelFuture f) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        f.addListener(x -> {
            if (x.isSuccess()) done.complete(null);
            else done.completeExceptionally(x.cause());
        });
        return done;
    }
}
