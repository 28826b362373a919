package dev.duet.netty;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.spi.GracefulStop;
import dev.duet.spi.Server;
import dev.duet.spi.ServerStats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A running Netty core: one thread that accepts, one event loop group that serves, the bound server
 * channel, and the open connections, for graceful shutdown. Accepting has a thread of its own so
 * that a burst of connects is taken off the kernel's queue while the loops are busy serving: on a
 * loop that also serves, the queue overflows at a few thousand connects at once and every SYN lost
 * there waits a second or more for the client to retry.
 */
final class NettyServer implements Server, GracefulStop.Steps {
    private static final Logger log = LoggerFactory.getLogger(NettyServer.class);
    /** The name of Netty's response encoder in a connection's pipeline. */
    static final String ENCODER = "encoder";

    private final App app;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup group;
    private final String transport;
    private final HttpDecoderConfig decoderConfig;
    private final NettyHeaderSink http11Headers;
    private final NettyHeaderSink http10Headers;
    private final HeadBytes.Sink http11Bytes;
    private final HeadBytes.Sink http10Bytes;
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final GracefulStop stopping;
    private Channel serverChannel;
    private int port;

    private NettyServer(App app, boolean useNative) {
        this.app = app;
        this.stopping = new GracefulStop("netty", app, this);
        Config c = app.config();
        boolean epoll = useNative && epollUsable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.transport = epoll ? "epoll" : "nio";
        this.acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("duet-accept", false), io);
        this.group = new MultiThreadIoEventLoopGroup(c.effectiveEventLoops(), new LoopThreads(), io);
        this.decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(c.maxUriLength())
                .setMaxHeaderSize(c.maxHeaderSize())
                .setMaxChunkSize(64 * 1024)
                // The decoder's line buffer, kept by every connection for its life: Netty's default
                // size (it grows for a longer line); 256 cost each held connection 128 bytes more.
                .setInitialBufferSize(128)
                .setValidateHeaders(true);
        this.http11Headers = new NettyHeaderSink(true, c.serverHeader());
        this.http10Headers = new NettyHeaderSink(false, c.serverHeader());
        this.http11Bytes = new HeadBytes.Sink(true, c.serverHeader());
        this.http10Bytes = new HeadBytes.Sink(false, c.serverHeader());
        if (useNative && !epoll) {
            log.debug("Native epoll unavailable ({}); using NIO", String.valueOf(Epoll.unavailabilityCause()));
        }
    }

    /**
     * True if native epoll can be used: its library loaded, and it is the same Netty version as
     * the transport classes (a JNI library of another version loads fine but lacks methods the
     * classes call later, e.g. on the first write error).
     */
    static boolean epollUsable() {
        if (!Epoll.isAvailable()) return false;
        Map<String, Version> versions = Version.identify();
        Version lib = versions.get("netty-transport-native-epoll");
        Version classes = versions.get("netty-transport-classes-epoll");
        if (lib != null && classes != null && !lib.artifactVersion().equals(classes.artifactVersion())) {
            log.warn("Not using native epoll: its library is Netty {} but its classes are {}; using NIO",
                    lib.artifactVersion(), classes.artifactVersion());
            return false;
        }
        return true;
    }

    /** Binds {@code app}'s host and port and starts serving. */
    static NettyServer start(App app, boolean useNative) throws InterruptedException {
        NettyServer server = new NettyServer(app, useNative);
        try {
            server.bind();
        } catch (Exception | Error e) {
            server.acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            server.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        return server;
    }

    private void bind() throws InterruptedException {
        Config c = app.config();
        Class<? extends ServerChannel> channelType =
                transport.equals("epoll") ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptor, group)
                .channel(channelType)
                // The kernel's own cap (net.core.somaxconn) is the knob: a burst of connects bigger
                // than the queue loses SYNs, and each lost one waits a second or more to retry.
                .option(ChannelOption.SO_BACKLOG, NetUtil.SOMAXCONN)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A client that sends its request and then shuts its side down still gets the answer.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        HttpConnection connection = new HttpConnection(NettyServer.this, app);
                        ch.pipeline()
                                .addLast("decoder", new RequestDecoder(decoderConfig, connection, c.maxUriLength() + c.maxHeaderSize()))
                                .addLast(ENCODER, new HttpResponseEncoder())
                                .addLast("duet", connection);
                    }
                });
        serverChannel = b.bind(c.host(), c.port()).sync().channel();
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.debug("Netty ({}) bound {}:{} with {} event loops", transport, c.host(), port, c.effectiveEventLoops());
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Optional<ServerStats> stats() {
        return Optional.of(new NettyStats(group, this::connectionCount));
    }

    /** {@code epoll} or {@code nio}. */
    String transport() {
        return transport;
    }

    /** True once the server is stopping: connections are not kept alive. */
    boolean draining() {
        return stopping.draining();
    }

    /** Where the head of a response encoded whole ({@link HeadBytes}) is written, for an HTTP/1.1 request if {@code http11}. */
    HeadBytes.Sink headBytesSink(boolean http11) {
        return http11 ? http11Bytes : http10Bytes;
    }

    /** Where a response's headers are written, for an HTTP/1.1 request if {@code http11}, else HTTP/1.0. */
    NettyHeaderSink headerSink(boolean http11) {
        return http11 ? http11Headers : http10Headers;
    }

    void register(HttpConnection c) {
        connections.add(c);
    }

    void unregister(HttpConnection c) {
        connections.remove(c);
    }

    /** Open connections now. */
    int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting, closes idle connections, lets in-flight requests finish (requests that
     * arrive meanwhile are answered with {@code Connection: close}), then closes every connection
     * and shuts the event loops down, all within {@code grace}: {@link GracefulStop}'s sequence.
     */
    @Override
    public void stop(Duration grace) {
        stopping.stop(grace);
    }

    @Override
    public void stopAccepting(Duration left) {
        serverChannel.close().awaitUninterruptibly(Math.max(10, left.toMillis()));
        acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void closeIdleConnections() {
        for (HttpConnection c : connections) c.drainStarted();
    }

    @Override
    public void closeTheRest(Duration left) {
        for (HttpConnection c : connections) c.forceClose();
        long millis = Math.max(50, left.toMillis());
        group.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS).awaitUninterruptibly(millis + 1000);
    }
}
