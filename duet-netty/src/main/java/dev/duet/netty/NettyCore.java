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
 *
 * <p>Netty's buffer leak detector samples buffers and records a stack for each sampled one: useful
 * in development, pure cost in production. It stays on in dev mode and is switched off otherwise,
 * unless the JVM sets {@code io.netty.leakDetection.level} itself (Duet's own tests run it at
 * {@code paranoid}).
 */
public final class NettyCore implements ServerCore {
    private final boolean useNative;

    /**
     * The core {@code App.start()} finds through ServiceLoader: native epoll where available,
     * unless the system property {@code duet.netty.native} is {@code false}.
     */
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
        if (!app.config().dev() && System.getProperty("io.netty.leakDetection.level") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
        return NettyServer.start(app, useNative);
    }
}
