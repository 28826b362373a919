package bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Raw Netty 4.2, the practical ceiling: one event loop per core (epoll), HttpServerCodec, a
 * handler that answers on the loop and flushes once per read batch (as TechEmpower's Netty entry
 * does). Plaintext, JSON (Jackson, per request) and /slow (a loop timer); no database.
 */
public final class NettyBench {
    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    static final AsciiString SERVER = AsciiString.cached("Netty");
    static final AsciiString TEXT = AsciiString.cached("text/plain");
    static final AsciiString JSON = AsciiString.cached("application/json");
    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    public record Message(String message) {
    }

    static volatile long dateSecond;
    static volatile AsciiString date = AsciiString.of("");

    static AsciiString date() {
        long now = System.currentTimeMillis() / 1000;
        if (now != dateSecond) {
            date = AsciiString.of(DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            dateSecond = now;
        }
        return date;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        var group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), EpollIoHandler.newFactory());
        new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 8192)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192), new Handler());
                    }
                })
                .bind("0.0.0.0", port).sync().channel().closeFuture().sync();
    }

    static final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest req) handle(ctx, req);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void handle(ChannelHandlerContext ctx, HttpRequest req) {
            String uri = req.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            switch (path) {
                case "/plaintext" -> write(ctx, Unpooled.wrappedBuffer(HELLO), TEXT, keepAlive);
                case "/json" -> write(ctx, Unpooled.wrappedBuffer(MAPPER.writeValueAsBytes(new Message("Hello, World!"))), JSON, keepAlive);
                case "/slow" -> {
                    long ms = 100;
                    List<String> v = new QueryStringDecoder(uri).parameters().get("ms");
                    if (v != null) {
                        try {
                            ms = Math.max(0, Math.min(10_000, Long.parseLong(v.getFirst())));
                        } catch (NumberFormatException ignored) {
                        }
                    }
                    ctx.executor().schedule(() -> {
                        write(ctx, Unpooled.wrappedBuffer(HELLO), TEXT, keepAlive);
                        ctx.flush();
                    }, ms, TimeUnit.MILLISECONDS);
                }
                default -> {
                    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
                    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.SERVER, SERVER).set(HttpHeaderNames.DATE, date());
                    ctx.write(r);
                }
            }
        }

        private static void write(ChannelHandlerContext ctx, ByteBuf body, AsciiString type, boolean keepAlive) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body, false);
            HttpHeaders h = r.headers();
            h.set(HttpHeaderNames.CONTENT_TYPE, type);
            h.set(HttpHeaderNames.SERVER, SERVER);
            h.set(HttpHeaderNames.DATE, date());
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (!keepAlive) {
                h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(r).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            } else {
                ctx.write(r);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
