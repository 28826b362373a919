package dev.duet.servlet;

import dev.duet.App;
import dev.duet.spi.Server;
import dev.duet.spi.ServerCore;

/**
 * Duet's blocking core: {@link DuetServlet} in an embedded Jetty 12 (the EE11 servlet environment),
 * with Jetty's request threads virtual. Found as {@code servlet} by {@link App#start()}.
 *
 * <pre>{@code
 * App app = App.create();                 // -Dduet.core=servlet, or:
 * app.get("/", req -> "Hello");
 * app.start(new JettyCore());
 * }</pre>
 *
 * <p>Every limit of {@link dev.duet.Config} is mapped onto Jetty: {@code maxHeaderSize} (431) and
 * {@code maxUriLength} (414) checked before the app runs, {@code maxBodySize} (413) while the
 * body is read, {@code idleTimeout} on keep-alive connections; each refusal names its knob, in the
 * Netty core's words. {@link Server#stop} stops accepting, closes idle connections, lets in-flight
 * requests finish within the grace (their responses say {@code Connection: close}), then closes
 * the rest.
 */
public final class JettyCore implements ServerCore {
    private final DuetServlet.Threading threading;

    /**
     * The core {@code App.start()} finds through ServiceLoader, running blocking links as
     * {@link DuetServlet#DEFAULT_THREADING} says (the {@code duet.servlet.threading} system property,
     * else on the container thread).
     */
    public JettyCore() {
        this(DuetServlet.DEFAULT_THREADING);
    }

    /** A Jetty core running blocking links as {@code threading} says. */
    public JettyCore(DuetServlet.Threading threading) {
        this.threading = threading;
    }

    @Override
    public String name() {
        return "servlet";
    }

    @Override
    public Server start(App app) throws Exception {
        return JettyServer.start(app, threading);
    }
}
