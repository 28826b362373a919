/** Duet's non-blocking server core on Netty; found by {@code App.start()} as the core named "netty". */
module dev.duet.netty {
    exports dev.duet.netty;

    requires transitive dev.duet.core;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;

    provides dev.duet.spi.ServerCore with dev.duet.netty.NettyCore;
}
