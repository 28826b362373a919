package dev.duet.conformance;

import dev.duet.App;

import java.util.concurrent.CompletableFuture;

/**
 * Runs an {@link App} on one server core (or in-process) and talks HTTP to it, so that one
 * conformance suite can hold every core to the same behaviour.
 *
 * <h2>How a core joins the suite</h2>
 * Each concern is an abstract suite ({@link RoutingSuite}, {@link HandlerKindsSuite},
 * {@link ThreadingSuite}, {@link HooksSuite}, {@link NestingSuite}, {@link ErrorsSuite}, {@link RequestSuite},
 * {@link ToolkitSuite}, {@link WatchdogSuite}, {@link PagesSuite}, and the wire-level ones, {@link ConnectionSuite},
 * {@link LimitsSuite}, {@link CancellationSuite}, {@link ShutdownSuite}) whose constructor takes a
 * harness. A core adds one one-line subclass per suite in its own test sources (it depends on
 * duet-core's test-jar), with its harness made in one place that declares how the core differs:
 *
 * <pre>{@code
 * class NettyRoutingTest extends RoutingSuite {
 *     NettyRoutingTest() { super(Cores.netty()); }
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
 * <li>{@link #lacks} tells the wire-level suites which {@link Capability} the core does not have,
 *     and why: every core is held to all of them unless its harness says otherwise, and a test
 *     that needs one the core lacks is skipped with that reason (a skip, never a pass); for the two
 *     that are a matter of spelling ({@link Capability#REASON_PHRASES},
 *     {@link Capability#CONTENT_TYPE_AS_WRITTEN}) a test expects the core's own spelling instead.
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

    /**
     * A wire-level behaviour of the reference core (Netty) that another core may legitimately not
     * have: each is a row of the table of differences in docs/deployment.md ("What differs between
     * cores"). A harness declares the ones its core lacks ({@link HttpHarness#lacking}); the suites
     * check each only where it is not lacking.
     */
    enum Capability {
        // reading requests
        /** {@code readTimeout}: 408 for a request that has started arriving but is not whole in time. */
        READ_TIMEOUT("enforces readTimeout (408 for a request not received whole in time)"),
        /**
         * {@code maxHeaderSize} (431), {@code maxUriLength} (414) and {@code idleTimeout} are the
         * core's, on every connection (one that never sends a request too), answered in Duet's words.
         */
        CONNECTION_LIMITS("enforces maxHeaderSize (431), maxUriLength (414) and idleTimeout on every connection, in Duet's words"),
        /** {@code maxUriLength} is enforced while the request line arrives, before it ends. */
        URI_LIMIT_BEFORE_THE_LINE_ENDS("refuses a request line over maxUriLength before the line ends"),
        /**
         * A malformed request or an unknown expectation is refused in Duet's words (400, 417), a
         * malformed request target reaches the app, whose router answers its own precise 400, and a
         * request whose body the client stops sending is not answered at all (a cancellation).
         */
        DUET_ANSWERS_MALFORMED_REQUESTS("leaves malformed requests to Duet: refused in Duet's words, a malformed target passed"
                + " to the app, a body cut short not answered"),
        /** An absolute-form target's authority wins over a different {@code Host} (RFC 9112 §3.2.2): served, not refused. */
        ABSOLUTE_FORM_AUTHORITY_WINS("serves an absolute-form target whose authority differs from Host"),
        /** A header folded over two lines (obs-fold) is refused with 400, not unfolded (RFC 9112 §5.2 allows either). */
        REFUSES_OBS_FOLD("refuses a header folded over lines (obs-fold) with 400"),
        /** A body over {@code maxBodySize} announced with {@code Expect: 100-continue} is refused before any 100. */
        BODY_LIMIT_BEFORE_100_CONTINUE("answers 413 to an oversized Expect: 100-continue request without a 100 Continue first"),
        /** Pipelined requests are handled concurrently (and still answered in order). */
        CONCURRENT_PIPELINING("handles pipelined requests concurrently"),

        // writing responses
        /** An HTTP/1.0 request is answered as HTTP/1.0: its status line, and an explicit {@code Connection: close} when the connection ends. */
        HTTP_1_0_IN_KIND("answers an HTTP/1.0 request with an HTTP/1.0 status line and an explicit Connection: close"),
        /** The status line carries the standard reason phrase ({@code HTTP/1.1 200 OK}). */
        REASON_PHRASES("writes the standard reason phrase in the status line"),
        /** {@code Content-Type} is sent exactly as the app (or the core) wrote it: {@code text/plain; charset=utf-8}. */
        CONTENT_TYPE_AS_WRITTEN("sends Content-Type exactly as written"),
        /** A HEAD answer announces the framing its GET would have ({@code Transfer-Encoding: chunked} for a stream). */
        HEAD_FRAMING_AS_GET("announces in a HEAD answer the Transfer-Encoding its GET would have"),
        /** A streamed body that fails ends without its last chunk, and the connection closes. */
        MARKS_A_FAILED_STREAM_INCOMPLETE("ends a failed streamed body without its last chunk"),

        // connections going away
        /** A client that goes away while its request is handled is noticed at once: its work is cancelled. */
        NOTICES_DISCONNECTS("notices a client that goes away while its request is handled"),
        /**
         * Stopping drains: idle connections close at once, in-flight responses say {@code Connection: close},
         * and what still runs when {@code shutdownGrace} is over is cut off then.
         */
        GRACEFUL_STOP("stops gracefully: idle connections closed at once, in-flight responses with Connection: close,"
                + " the rest cut off when shutdownGrace is over"),
        /** While draining, a request pipelined behind an in-flight one is still answered (with {@code Connection: close}). */
        ANSWERS_PIPELINED_REQUESTS_WHILE_DRAINING("answers a request pipelined behind an in-flight one while stopping"),

        // WebSockets
        /**
         * A WebSocket whose handler is behind stops reading without holding a thread, so the pause
         * may last as long as the handler needs; a core without it closes the socket (1008) when
         * the pause outlasts {@code wsSlowClientTimeout}.
         */
        WS_PAUSES_READING_FOR_FREE("pauses a WebSocket's reading without holding a thread, for as long as its handler needs"),
        /** A WebSocket given up on (a dead peer) is cut at once, without a close frame. */
        WS_CUTS_CONNECTIONS("cuts a WebSocket's connection at once, without a close frame, when it gives up on the peer");

        private final String what;

        Capability(String what) {
            this.what = what;
        }

        /** What a core with this capability does, for skip messages. */
        public String what() {
            return what;
        }
    }

    /** A short name for reports, e.g. {@code in-process} or {@code netty}. */
    String name();

    /** True if requests really travel over a socket (wire-level facts can be checked). */
    boolean overHttp();

    Threading threading();

    /**
     * Why this harness's core lacks {@code capability} (a documented difference between cores), or
     * null if it has it, as every core does unless its harness says otherwise.
     */
    default String lacks(Capability capability) {
        return null;
    }

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

        /**
         * Opens a WebSocket to {@code path} with the handshake's headers and {@code headers}; the
         * answer may be a refusal ({@link WsClient#status()}). Closed with the client.
         */
        WsClient websocket(String path, java.util.Map<String, String> headers);

        /** Closes the client and stops the app gracefully (background tasks drain). Idempotent. */
        @Override
        void close();
    }
}
