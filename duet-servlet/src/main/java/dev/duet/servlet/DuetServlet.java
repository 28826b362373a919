package dev.duet.servlet;

import dev.duet.App;
import dev.duet.servlet.internal.OpenSockets;
import dev.duet.servlet.internal.ResponseWriter;
import dev.duet.servlet.internal.ServletRawRequest;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * A servlet that hosts a Duet {@link App} in any Jakarta Servlet 6 container (Tomcat, Jetty, ...):
 * the same app, unchanged, as on the Netty core.
 *
 * <pre>{@code
 * // in a ServletContainerInitializer or ServletContextListener:
 * App app = MyApp.build(App.create());
 * DuetServlet.mount(context, app);   // at /*, async supported, the app stopped with the context
 * }</pre>
 *
 * <h2>Threads</h2>
 * The container calls {@link #service} on one of its request threads. The servlet reads the body
 * (bounded by {@code maxBodySize}: 413 naming the knob, before any {@code 100 Continue}; a
 * {@code multipart/form-data} body is parsed as it is read instead, its files written to temp
 * files on this thread, bounded by {@code maxUploadSize} and the other upload limits), then
 * opens the request's exchange with {@link App#open}, so that a client that goes away can abort it
 * from then on, and starts it; Duet runs each link of the chain where its kind belongs. Where the
 * blocking links run is the {@link Threading}:
 * <ul>
 * <li>{@link Threading#CONTAINER} (the default, see {@link #DEFAULT_THREADING}):
 *     {@code open(raw, Thread.currentThread())}, so blocking links run inline on the container
 *     thread (no hop; on the Jetty runner that thread is virtual). A deadline or a client that
 *     goes away cancels the request, which interrupts that thread while the request holds it.
 * <li>{@link Threading#VIRTUAL}: {@code open(raw, null)},
 *     as on Netty: async links run on the container thread, the chain hops once to a virtual
 *     thread of Duet's own at its first blocking link.
 * </ul>
 * If the response is complete when {@code start} returns, it is written at once on the
 * container thread. If not (the chain is on a virtual thread, or waiting on an async link), the
 * request is suspended with {@link HttpServletRequest#startAsync()} and the container thread goes
 * back to its pool, holding nothing; the response is written when the exchange's future
 * completes, from a virtual thread, and the {@link jakarta.servlet.AsyncContext} completed then
 * (on the Jetty core, a body held whole is sent through Jetty's non-blocking write instead, from
 * the thread that completed the future, with no thread started for it).
 * A streamed body is written on a virtual thread too (the contract of
 * {@link dev.duet.Response.StreamBody}): inline when the container thread is one, otherwise after
 * suspending the request.
 *
 * <h2>Timeouts, disconnects</h2>
 * The container's async timeout is switched off for suspended requests: Duet's own deadline (the
 * {@code requestTimeout} setting, or a route's) answers 504 and completes the request, and a
 * container timeout could only cut a longer route deadline short. A client that goes away
 * ({@link jakarta.servlet.AsyncListener#onError}, a failed write, or the Jetty runner's connection
 * watch) aborts the exchange, which cancels its work. (The Servlet API cannot tell a servlet that
 * its client left while the request is handled; in a plain container this is noticed at the write.)
 *
 * <p>The app is the caller's: this servlet does not start or stop it, except through
 * {@link #mount}, which stops it when the web application is stopped.
 */
public class DuetServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(DuetServlet.class);
    private static final long serialVersionUID = 1L;

    /** Where a chain's blocking links run in this container. */
    public enum Threading {
        /**
         * Inline on the container's request thread: {@code open(raw, Thread.currentThread())}.
         * No thread hop for blocking code; a Servlet container's classic model.
         */
        CONTAINER,
        /**
         * On a virtual thread of Duet's own, as on the Netty core: {@code open(raw, null)}. The
         * container thread runs the async links and suspends the request; blocking links hop once.
         */
        VIRTUAL
    }

    /**
     * The threading a servlet and the Jetty core use unless told otherwise: {@link Threading#CONTAINER},
     * the servlet model, or what the system property {@code duet.servlet.threading} says
     * ({@code container} or {@code virtual}).
     */
    public static final Threading DEFAULT_THREADING = threadingFrom(System.getProperty("duet.servlet.threading"));

    /** {@code container} or {@code virtual} (any case); {@link Threading#CONTAINER} when null or blank. */
    static Threading threadingFrom(String value) {
        if (value == null || value.isBlank()) return Threading.CONTAINER;
        try {
            return Threading.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad value for duet.servlet.threading: '" + value + "' (container or virtual)", e);
        }
    }

    private final transient App app;
    private final Threading threading;
    private final transient Hooks hooks;
    private final transient ThreadFactory writers = Thread.ofVirtual().name("duet-servlet-write-", 0).factory();
    private final transient ResponseWriter.ServletHeaders headers;
    private final transient OpenSockets sockets = new OpenSockets();

    /** Hosts {@code app}, its blocking links running as {@link #DEFAULT_THREADING} says. */
    public DuetServlet(App app) {
        this(app, DEFAULT_THREADING);
    }

    /** Hosts {@code app}, its blocking links running where {@code threading} says; neither may be null. */
    public DuetServlet(App app, Threading threading) {
        this(app, threading, Hooks.NONE);
    }

    DuetServlet(App app, Threading threading, Hooks hooks) {
        this.app = Objects.requireNonNull(app, "app");
        this.threading = Objects.requireNonNull(threading, "threading");
        this.hooks = hooks;
        this.headers = new ResponseWriter.ServletHeaders(hooks::contentType);
    }

    /** The WebSockets open through this servlet. */
    OpenSockets sockets() {
        return sockets;
    }

    /** The container is taking the servlet out of service: open WebSockets close as going away (1001). */
    @Override
    public void destroy() {
        sockets.goingAway();
        super.destroy();
    }

    /** The app this servlet hosts: the caller's, which the servlet itself neither starts nor stops. */
    public App app() {
        return app;
    }

    /** Where this servlet runs the blocking links of a chain, fixed when it was made. */
    public Threading threading() {
        return threading;
    }

    /**
     * Adds a servlet hosting {@code app} to {@code context} at {@code /*} (async supported, loaded on
     * startup), and a listener that runs the app's {@code onStart} actions when the web application
     * starts (a failing one fails the deployment) and stops the app gracefully when it stops:
     * in-flight requests get the {@code shutdownGrace} setting to finish, background tasks drain,
     * the app's stop hooks run. For a {@link jakarta.servlet.ServletContainerInitializer}; from a
     * {@code web.xml} listener use {@link DuetListener}. Throws {@link IllegalStateException} if
     * {@code context} already has a servlet named {@code duet}.
     */
    public static ServletRegistration.Dynamic mount(ServletContext context, App app) {
        return mount(context, app, DEFAULT_THREADING);
    }

    /**
     * As {@link #mount(ServletContext, App)}, with the app's blocking links running where
     * {@code threading} says rather than as {@link #DEFAULT_THREADING} does.
     */
    public static ServletRegistration.Dynamic mount(ServletContext context, App app, Threading threading) {
        ServletRegistration.Dynamic reg = register(context, app, threading);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent sce) {
                runStartActions(app);
            }

            @Override
            public void contextDestroyed(ServletContextEvent sce) {
                if (!app.awaitIdle(app.config().shutdownGrace())) {
                    log.warn("Stopping with {} request(s) still in flight", app.inFlight());
                }
                app.stop();
            }
        });
        return reg;
    }

    /**
     * Freezes {@code app} and runs its start actions; one that fails stops the app (containers
     * differ on whether {@code contextDestroyed} follows a failed start; a stop is idempotent) and
     * is thrown on, failing the deployment.
     * The container serves nothing before its listeners return, so the app is ready to serve here.
     */
    static void runStartActions(App app) {
        app.freeze();
        try {
            app.lifecycle().runStartActions();
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
    }

    /** Adds the servlet only (the caller starts and stops the app). */
    static ServletRegistration.Dynamic register(ServletContext context, App app, Threading threading) {
        ServletRegistration.Dynamic reg = context.addServlet("duet", new DuetServlet(app, threading));
        if (reg == null) throw new IllegalStateException("a servlet named 'duet' is already registered in '" + context.getContextPath() + "'");
        reg.setAsyncSupported(true);
        reg.setLoadOnStartup(1);
        reg.addMapping("/*");
        return reg;
    }

    @Override
    public void init() {
        app.freeze();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        new ServletCall(this, req, resp).run();
    }

    Hooks hooks() {
        return hooks;
    }

    ThreadFactory writers() {
        return writers;
    }

    /** Where a response's headers go: the container's calls, Content-Type through {@link Hooks#contentType}. */
    ResponseWriter.ServletHeaders headers() {
        return headers;
    }

    /**
     * What an embedding runner (the Jetty core) adds to the plain servlet: the target as sent when
     * the container was given another, telling a malformed body from a client that stopped sending
     * it (and closing that one's connection), noticing a client that goes away while its request is
     * handled, and closing connections while it drains.
     */
    interface Hooks {
        Hooks NONE = new Hooks() {
        };

        /** The target of {@code req} as the app sees it: see {@link ServletRawRequest#target}. */
        default String target(HttpServletRequest req) {
            return ServletRawRequest.target(req);
        }

        /**
         * True if reading the body of {@code req} failed with {@code failure} because its chunked
         * framing is malformed (answered 400), false if the client went away or stalled, or if this
         * container cannot tell them apart.
         */
        default boolean malformedBody(HttpServletRequest req, IOException failure) {
            return false;
        }

        /**
         * Closes the connection of {@code req} without answering: its client stopped sending the
         * request (it went away, shut its side down, or stalled until the idle timeout); false if
         * this container cannot, and will answer the incomplete request as it sees fit.
         */
        default boolean closeWithoutAnswer(HttpServletRequest req, Throwable why) {
            return false;
        }

        /** Calls {@code onDisconnect} (on any thread) if the client of {@code req} goes away before the end. */
        default void watchDisconnect(HttpServletRequest req, Runnable onDisconnect) {
        }

        /** Sets the Content-Type of {@code resp} to {@code value}. */
        default void contentType(HttpServletResponse resp, String value) {
            ResponseWriter.SERVLET_CONTENT_TYPE.accept(resp, value);
        }

        /**
         * Ends the response of {@code req} as failed (its connection closed, no final chunk), so
         * the client can tell a streamed body is incomplete; false if this container cannot.
         */
        default boolean abortResponse(HttpServletRequest req, Throwable failure) {
            return false;
        }

        /**
         * True if this container can {@linkplain #sendLast send a whole body} without blocking the
         * calling thread; false, the default, has a suspended request's answer written from a
         * virtual thread of its own.
         */
        default boolean sendsWithoutBlocking() {
            return false;
        }

        /**
         * Sends {@code body}, the whole and last content of the suspended {@code resp} whose status
         * and headers are set, without blocking the calling thread; then calls {@code done} (on any
         * thread, once) with null, or with the failure if the client went away. Only called if
         * {@link #sendsWithoutBlocking()}.
         */
        default void sendLast(HttpServletResponse resp, byte[] body, Consumer<Throwable> done) {
            throw new UnsupportedOperationException("this container cannot send without blocking");
        }

        /** True if the connection should close after the response now being written. */
        default boolean closeConnections() {
            return false;
        }
    }
}
