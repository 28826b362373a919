package dev.duet.servlet;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.servlet.internal.ServletRawRequest;
import dev.duet.spi.GracefulStop;
import dev.duet.spi.Server;
import dev.duet.spi.ServerStats;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.ee11.servlet.ServletContextResponse;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A running Jetty core: the Jetty server, its one connector, and {@link DuetServlet} mounted at
 * {@code /*} behind {@link JettyHandler} (limits, busy connections, idle timeouts).
 *
 * <h2>Threads</h2>
 * A {@link QueuedThreadPool} of a few platform threads runs the selectors and the acceptor (work
 * that never blocks); Jetty hands every request to its virtual-threads executor, so the servlet,
 * and with it every inline blocking link, runs on a virtual thread of its own. Concurrency is
 * bounded by Duet's {@code maxInFlight}, not by a thread pool's size.
 */
final class JettyServer implements Server, DuetServlet.Hooks, GracefulStop.Steps {
    private static final Logger log = LoggerFactory.getLogger(JettyServer.class);
    /**
     * How long a stop waits for a client to close a connection whose last response said
     * {@code Connection: close}, once in-flight requests are done: see {@link #stop}.
     */
    static final long STOP_LINGER_MILLIS = 50;

    private final App app;
    private final org.eclipse.jetty.server.Server server;
    private final ServerConnector connector;
    private final JettyHandler handler;
    private final GracefulStop stopping;
    private DuetServlet servlet;
    private final DisconnectWatch disconnects;

    private JettyServer(App app, DuetServlet.Threading threading) throws java.io.IOException {
        this.app = app;
        this.stopping = new GracefulStop("jetty", app, this);
        this.disconnects = new DisconnectWatch();
        Config c = app.config();

        QueuedThreadPool pool = new QueuedThreadPool(16, 4);
        pool.setName("duet-jetty");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("duet-jetty-vt-", 0).factory()));
        server = new org.eclipse.jetty.server.Server(pool);

        HttpConfiguration http = new HttpConfiguration();
        // Jetty has one cap for the request line and the header block together; JettyHandler then
        // holds each to its own limit, as the Netty core does.
        http.setRequestHeaderSize(c.maxHeaderSize() + c.maxUriLength());
        http.setSendServerVersion(false); // the servlet writes Duet's Server header
        http.setSendDateHeader(false);    // ... and Date
        http.setSendXPoweredBy(false);
        // No per-connection cache of header fields: Jetty builds it as a trie of about 45 KB for
        // each connection's parser, and 5 000 connections filled a 1 GiB heap with them.
        http.setHeaderCacheSize(0);
        // Absolute-form targets: the target's authority wins over Host (RFC 9112 §3.2.2), as on Netty.
        http.setHttpCompliance(HttpCompliance.RFC9110.with("duet", HttpCompliance.Violation.MISMATCHED_AUTHORITY));
        // The request target reaches the app as sent: Duet's router decodes it (an encoded slash
        // stays inside its segment). Jetty's parser refuses a malformed escape whatever this says:
        // JettyConnection gets such a target past it, so that it too is the app's precise 400.
        http.setUriCompliance(UriCompliance.DEFAULT.with("duet",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
                UriCompliance.Violation.BAD_PERCENT_ENCODING,
                UriCompliance.Violation.BAD_UTF8_ENCODING,
                UriCompliance.Violation.TRUNCATED_UTF8_ENCODING,
                // A backslash or a control character in a path is the app's to refuse (StaticFiles
                // answers 404 for it, as on Netty), not Jetty's 400; a NUL (%00), Jetty's parser
                // still refuses whatever this says.
                UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS,
                UriCompliance.Violation.ILLEGAL_PATH_CHARACTERS));

        connector = new ServerConnector(server, 1, -1, new JettyConnection.Factory(http, c));
        connector.setHost(c.host());
        connector.setPort(c.port());
        connector.setIdleTimeout(c.idleTimeout().toMillis()); // not while a request is in progress: see JettyConnection
        connector.setAcceptQueueSize(1024);
        connector.setReuseAddress(true);
        connector.setShutdownIdleTimeout(STOP_LINGER_MILLIS);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        servlet = new DuetServlet(app, threading, this);
        ServletHolder holder = new ServletHolder("duet", servlet);
        holder.setAsyncSupported(true);
        holder.setInitOrder(1);
        context.addServlet(holder, "/*");
        // Jakarta WebSocket: a route's handler accepts a handshake, and DuetServlet asks this container to switch
        JakartaWebSocketServletContainerInitializer.configure(context, null);

        handler = new JettyHandler(app.config(), this);
        handler.setHandler(context);
        server.setHandler(handler);
        server.setErrorHandler(new JettyErrors(c));
        server.setStopAtShutdown(false); // App.start registers the JVM hook that stops gracefully
    }

    static JettyServer start(App app, DuetServlet.Threading threading) throws Exception {
        JettyServer s = new JettyServer(app, threading);
        try {
            s.server.start();
        } catch (Exception | Error e) {
            try {
                s.server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            } finally {
                s.disconnects.close();
            }
            throw e;
        }
        log.debug("Jetty bound {}:{} ({} threading)", app.config().host(), s.port(), threading);
        return s;
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    /** Open connections (Jetty's connector keeps them anyway); no event loops: Jetty's selectors are its own. */
    @Override
    public Optional<ServerStats> stats() {
        return Optional.of(ServerStats.connections(() -> connector.getConnectedEndPoints().size()));
    }

    /** True once the server is stopping: connections are not kept alive. */
    boolean draining() {
        return stopping.draining();
    }

    // ---- hooks for the servlet ----

    /**
     * The target as sent. The servlet is mounted at {@code /*} of the root context, so the one the
     * client sent is the one the app sees: Jetty's differs only if the target had to be escaped.
     */
    @Override
    public String target(HttpServletRequest req) {
        Object sent = ServletContextRequest.getServletContextRequest(req).getAttribute(JettyConnection.TARGET_AS_SENT);
        return sent instanceof String s ? s : ServletRawRequest.target(req);
    }

    /**
     * Jetty's parser reports a malformed body the way it reports a client that closed mid-body, as
     * an early EOF (a 400 {@link HttpException}); only the connection tells them apart: the client
     * that left has shut its side down, the one that sent a malformed body is still there.
     */
    @Override
    public boolean malformedBody(HttpServletRequest req, java.io.IOException failure) {
        if (!(failure instanceof HttpException bad) || bad.getCode() != HttpStatus.BAD_REQUEST_400) return false;
        EndPoint ep = ServletContextRequest.getServletContextRequest(req).getConnectionMetaData().getConnection().getEndPoint();
        return ep.isOpen() && !ep.isInputShutdown();
    }

    /**
     * Three ways a request learns its client is gone: Jetty fails it (an I/O error, a stop), Jetty
     * closes its connection (the grace is over), or the client closes it, which Jetty does not see
     * while it handles the request: {@link DisconnectWatch} does.
     */
    @Override
    public void watchDisconnect(HttpServletRequest req, Runnable onDisconnect) {
        org.eclipse.jetty.server.Request core = ServletContextRequest.getServletContextRequest(req);
        core.addFailureListener(failure -> onDisconnect.run());
        Connection connection = core.getConnectionMetaData().getConnection();
        Connection.Listener closed = new Connection.Listener() {
            @Override
            public void onClosed(Connection c) {
                onDisconnect.run();
            }
        };
        connection.addEventListener(closed);
        DisconnectWatch.Watch watch = connection.getEndPoint() instanceof SocketChannelEndPoint ep
                ? disconnects.watch(ep.getChannel(), onDisconnect) : null;
        org.eclipse.jetty.server.Request.addCompletionListener(core, x -> {
            connection.removeEventListener(closed);
            if (watch != null) watch.done();
        });
    }

    /** As given: the Servlet API would re-render {@code text/plain; charset=utf-8} as {@code text/plain;charset=utf-8}. */
    @Override
    public void contentType(HttpServletResponse resp, String value) {
        org.eclipse.jetty.server.Response.getOriginalResponse(ServletContextResponse.getServletContextResponse(resp))
                .getHeaders().put(HttpHeader.CONTENT_TYPE, value);
    }

    /** As Jetty aborts a response: an uncommitted one too, which Jetty's abort would answer with an error page. */
    @Override
    public boolean closeWithoutAnswer(HttpServletRequest req, Throwable why) {
        EndPoint ep = ServletContextRequest.getServletContextRequest(req).getConnectionMetaData().getConnection().getEndPoint();
        ep.close(why);
        return true;
    }

    @Override
    public boolean abortResponse(HttpServletRequest req, Throwable failure) {
        ServletContextRequest.getServletContextRequest(req).getServletChannel().abort(failure);
        return true;
    }

    /**
     * Jetty's own asynchronous send: an answer completed on Duet's timer (or any platform thread)
     * goes out from that thread, or from Jetty's selector once the socket takes it, with no thread
     * started for it.
     */
    @Override
    public boolean sendsWithoutBlocking() {
        return true;
    }

    @Override
    public void sendLast(HttpServletResponse resp, byte[] body, Consumer<Throwable> done) {
        ServletContextResponse.getServletContextResponse(resp).getHttpOutput()
                .sendContent(ByteBuffer.wrap(body), Callback.from(() -> done.accept(null), done::accept));
    }

    @Override
    public boolean closeConnections() {
        return stopping.draining();
    }

    // ---- stopping ----

    /**
     * Stops accepting, closes idle connections, lets in-flight requests finish (their responses
     * say {@code Connection: close}), then closes every connection and stops Jetty, all within
     * {@code grace}: {@link GracefulStop}'s sequence.
     *
     * <p>After a {@code Connection: close} response Jetty may only half-close the connection and
     * wait for the client to close it (it does when the response completes on the request's own
     * thread, as with container threading; not when it completes on another). Jetty's stop waits
     * for every connection to close, giving each its connector's shutdown idle timeout, 1 s by
     * default: stop returned a second after the last response. The responses are written by then,
     * so it gives them {@value #STOP_LINGER_MILLIS} ms.
     */
    @Override
    public void stop(Duration grace) {
        stopping.stop(grace);
    }

    @Override
    public void stopAccepting(Duration left) throws java.io.IOException {
        connector.close(); // no new connections; open ones stay
        servlet.sockets().goingAway(); // WebSockets hear 1001 before their connections are closed
    }

    @Override
    public void closeIdleConnections() {
        for (EndPoint ep : connector.getConnectedEndPoints()) {
            if (!handler.busy(ep)) ep.close();
        }
    }

    /** Jetty's own stop closes the connections still open, within its stop timeout. */
    @Override
    public void closeTheRest(Duration left) throws Exception {
        try {
            server.setStopTimeout(Math.max(100, left.toMillis()));
            server.stop();
        } finally {
            disconnects.close();
        }
    }
}
