package dev.duet.conformance;

import dev.duet.App;

import java.util.concurrent.CompletableFuture;

/**
 * Runs an {@link App} on one server core (or in-process) and talks HTTP to it, so that one
 * conformance suite can hold every core to the same behaviour.
 *
 * <h2>How a core joins the suite</h2>
 * Each concern is an abstract suite ({@link RoutingSuite}, {@link HandlerKindsSuite},
 * {@link ThreadingSuite}, {@link HooksSuite}, {@link ErrorsSuite}, {@link RequestSuite},
 * {@link ToolkitSuite}, {@link WatchdogSuite}) whose constructor takes a harness. A core adds one
 * one-line subclass per suite in its own test sources (it depends on duet-core's test-jar):
 *
 * <pre>{@code
 * class NettyRoutingTest extends RoutingSuite {
 *     NettyRoutingTest() { super(new HttpHarness(new NettyCore())); }
 * }
 * }</pre>
 *
 * <p>Why subclasses rather than a JUnit {@code @TestTemplate} or a parameterized class: each
 * (core, suite) pair is an ordinary test class, so Surefire's {@code -Dtest=NettyRoutingTest},
 * IDE "run this test", and the reports all work with no extension machinery; a core that cannot
 * honour one case (or needs a known-issue exclusion while it catches up) overrides that single
 * test method with {@code @Disabled("why")} in its subclass, in plain sight; and the suites stay
 * plain JUnit classes that read like specifications. The cost, a few one-line classes per core,
 * is small and explicit.
 *
 * <p>A core's test scope needs {@code dev.duet:duet-core} with {@code <type>test-jar</type>},
 * {@code junit-jupiter} (with params), {@code assertj-core} and {@code logback-classic} (the
 * suites read log output through {@link LogCapture}). {@link JdkHttpServerCore} is the reference:
 * duet-core runs every suite over real HTTP on it ({@code JdkHttp*Test}), besides in-process
 * ({@code InProcess*Test}).
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>{@link #start} starts the app (the app is configured by the test; an HTTP harness needs
 *     {@code port(0)}, which {@link ConformanceSuite#config()} sets) and returns a client.
 * <li>The client sends exactly what it is given: no cookie jar, no redirects followed, no
 *     default headers beyond what the transport itself requires (Host, Content-Length).
 * <li>{@link Client#close()} closes the client and stops the app gracefully ({@link App#stop()}).
 * <li>{@link #overHttp()} and {@link #threading()} tell suites which properties they can check:
 *     wire-level facts (Content-Length on HEAD) only over HTTP; event-loop facts only on cores
 *     that dispatch from an event loop.
 * </ul>
 */
public interface Harness {

    /** How a core runs a request's links. */
    enum Threading {
        /**
         * Requests are dispatched from an event-loop thread ({@link dev.duet.spi.EventLoopThread}):
         * async links run there, blocking links on virtual threads (Netty, the test client).
         */
        EVENT_LOOP,
        /** Requests are dispatched from a container thread that may block (a servlet container). */
        CONTAINER
    }

    /** A short name for reports, e.g. {@code in-process} or {@code netty}. */
    String name();

    /** True if requests really travel over a socket (wire-level facts can be checked). */
    boolean overHttp();

    Threading threading();

    /** Starts {@code app} and returns a client talking to it; the client's close stops the app. */
    Client start(App app);

    /** Talks to one started app. Thread-safe: tests may send concurrently. */
    interface Client extends AutoCloseable {
        /** Sends {@code request} and waits (bounded, failing the test) for the response. */
        ClientResponse send(ClientRequest request);

        /** Sends {@code request}; the future completes with the response. */
        CompletableFuture<ClientResponse> sendAsync(ClientRequest request);

        default ClientResponse get(String uri) {
            return send(ClientRequest.get(uri));
        }

        App app();

        /** Closes the client and stops the app gracefully (background tasks drain). Idempotent. */
        @Override
        void close();
    }
}
