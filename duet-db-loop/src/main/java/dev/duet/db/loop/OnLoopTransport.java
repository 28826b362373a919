package dev.duet.db.loop;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;

import java.util.concurrent.ThreadFactory;

/**
 * A Vert.x transport whose I/O loop is one of Duet's: Vert.x's own transport for the loop's kind
 * (epoll or NIO) in every respect but one, the loop it runs its channels on (and would accept on:
 * it never does). Built on Vert.x's public transport SPI, by delegation.
 */
final class OnLoopTransport implements io.vertx.core.transport.Transport {
    private final Transport base;
    private final LoopGroup group;

    private OnLoopTransport(io.vertx.core.transport.Transport kind, IoEventLoop loop) {
        this.base = kind.implementation();
        this.group = new LoopGroup(loop);
    }

    /** The transport for {@code loop}, or null if Vert.x has none for its kind of I/O. */
    static OnLoopTransport of(IoEventLoop loop) {
        io.vertx.core.transport.Transport kind;
        if (loop.isIoType(EpollIoHandler.class)) kind = io.vertx.core.transport.Transport.EPOLL;
        else if (loop.isIoType(NioIoHandler.class)) kind = io.vertx.core.transport.Transport.NIO;
        else return null;
        return kind.available() ? new OnLoopTransport(kind, loop) : null;
    }

    @Override
    public String name() {
        return "duet-loop";
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public Transport implementation() {
        return new Transport() {
            @Override
            public IoHandlerFactory ioHandlerFactory() {
                return base.ioHandlerFactory();
            }

            @Override
            public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
                // The acceptor group serves servers, which this Vert.x never opens: no threads of its own for it either.
                return group;
            }

            @Override
            public boolean supportsDomainSockets() {
                return base.supportsDomainSockets();
            }

            @Override
            public boolean supportFileRegion() {
                return base.supportFileRegion();
            }

            @Override
            public java.net.SocketAddress convert(io.vertx.core.net.SocketAddress address) {
                return base.convert(address);
            }

            @Override
            public io.vertx.core.net.SocketAddress convert(java.net.SocketAddress address) {
                return base.convert(address);
            }

            @Override
            public DatagramChannel datagramChannel() {
                return base.datagramChannel();
            }

            @Override
            public DatagramChannel datagramChannel(InternetProtocolFamily family) {
                return base.datagramChannel(family);
            }

            @Override
            public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
                return base.channelFactory(domainSocket);
            }

            @Override
            public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
                return base.serverChannelFactory(domainSocket);
            }

            @Override
            public void configure(DatagramChannel channel, DatagramSocketOptions options) {
                base.configure(channel, options);
            }

            @Override
            public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
                base.configure(options, connectTimeout, domainSocket, bootstrap);
            }

            @Override
            public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
                base.configure(options, domainSocket, bootstrap);
            }
        };
    }
}
