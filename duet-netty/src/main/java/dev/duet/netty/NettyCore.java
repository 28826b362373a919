package dev.duet.netty;

import dev.duet.App;
import dev.duet.spi.Server;
import dev.duet.spi.ServerCore;

/**
 * Duet's non-blocking server core: HTTP/1.1 on Netty 4.2 (native epoll where available, else
 * NIO), keep-alive and pipelining, every limit of {@link dev.duet.Config} enforced while reading.
 * Requests are dispatched on the event loop; {@code App} runs async links right there and moves
 * blocking ones to virtual threads.
 *
 * <pre>{@code
 * App app = App.create();
 * app.get("/", req -> "Hello");
 * app.start(new NettyCore());     // or app.start(): this core is found as "netty"
 * }</pre>
 *
 * <p>Set the system property {@code duet.netty.native=false} to force the NIO transport.
 */
public final class NettyCore implements ServerCore {
    private final boolean useNative;

    public NettyCore() {
        this(!"false".equalsIgnoreCase(System.getProperty("duet.netty.native")));
    }

    /** A core that uses native epoll when available ({@code useNative}), or always NIO. */
    public NettyCore(boolean useNative) {
        this.useNative = useNative;
    }

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public Server start(App app) throws Exception {
        return NettyServer.start(app, useNative);
    }
}
