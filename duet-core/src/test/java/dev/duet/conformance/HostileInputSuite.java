package dev.duet.conformance;

import dev.duet.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests, each as the exact bytes a client sends, with the status every core answers and
 * what becomes of the connection: <em>closed</em> after the answer (the framing can no longer be
 * trusted) or <em>kept</em> (the next request on it is served). Every case is followed on the same
 * socket by a pipelined {@code GET /check}: a refused request must not let it through (that second
 * answer is exactly what a smuggled request would look like), a kept one must answer it.
 *
 * <p>The families: framing (Content-Length and Transfer-Encoding, alone, together and obfuscated,
 * RFC 9112 §6), chunk grammar (§7.1), header grammar (§5, RFC 9110 §5.5), {@code Host} (§3.2),
 * versions (§2.3, RFC 9110 §2.5), request targets (§3.2), methods, and the size limits. Where the
 * RFCs leave a choice, the choice is the strict one and is written next to the case.
 */
public abstract class HostileInputSuite extends WireSuite {
    private static final String CHECK = "GET /check HTTP/1.1\r\nHost: x\r\n\r\n";

    protected HostileInputSuite(Harness harness) {
        super(harness);
    }

    /** What becomes of the connection after the answer. */
    protected enum Then { CLOSED, KEPT }

    /** The app every case talks to: {@code GET /check}, {@code POST /echo} (the body's length and text), small limits. */
    private Harness.Client app() {
        return serve(c -> c.maxBodySize(1024).maxUriLength(512).maxHeaderSize(2048), HostileInputSuite::routes);
    }

    static void routes(App app) {
        app.get("/check", req -> "ok");
        app.post("/echo", req -> req.body().length + ":" + new String(req.body(), StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code request} then a pipelined {@code GET /check}; asserts the status and the connection's fate. */
    protected void expect(String request, int status, Then then) throws IOException {
        var server = app();
        HostileWire.Outcome o = HostileWire.exchange(server.app().port(),
                (request + CHECK).getBytes(StandardCharsets.ISO_8859_1), false, then == Then.KEPT ? 700 : 4000);
        if (status != 200 && harness.lacks(Harness.Capability.DUET_ANSWERS_MALFORMED_REQUESTS) != null) {
            assertSafe(o);
            return;
        }
        assertThat(o.status()).as("status of %s", o).isEqualTo(status);
        assertThat(o.statusLines().getFirst()).as("never claims a version Duet does not speak").matches("HTTP/1\\.[01] .*");
        if (then == Then.CLOSED) {
            assertThat(o.statuses()).as("nothing after the refusal: %s", o).hasSize(1);
            assertThat(o.closed()).as("closed after the refusal: %s", o).isTrue();
        } else {
            assertThat(o.statuses()).as("the next request is served: %s", o).containsExactly(status, 200);
            assertThat(o.closed()).as("kept open: %s", o).isFalse();
        }
    }

    /**
     * On a core whose container parses requests by its own rules (Tomcat), what a refusal must
     * still be: one answer at most (none is an HTTP/0.9-style error page, as Tomcat sends to a line
     * it cannot read), no 5xx but 501 and 505, and the connection closed, so that nothing sent
     * behind the request is read as another (RFC 9112 lets such a container, say, read a body of
     * both Content-Length and chunked as chunked, if it closes after).
     */
    private static void assertSafe(HostileWire.Outcome o) {
        assertThat(o.statuses()).as("at most one answer: %s", o).hasSizeLessThanOrEqualTo(1);
        if (!o.statuses().isEmpty()) {
            assertThat(o.status()).as("no 5xx but 501 and 505: %s", o).satisfiesAnyOf(
                    s -> assertThat(s).isLessThan(500), s -> assertThat(s).isIn(501, 505));
        }
        assertThat(o.closed()).as("closed: %s", o).isTrue();
    }

    private static Arguments c(String name, String request, int status, Then then) {
        return Arguments.of(name, request, status, then);
    }

    private static String post(String headers, String body) {
        return "POST /echo HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + body;
    }

    // ---- framing: Content-Length and Transfer-Encoding ----

    static Stream<Arguments> framing() {
        String chunked = "5\r\nhello\r\n0\r\n\r\n";
        return Stream.of(
                c("Content-Length then Transfer-Encoding", post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", chunked), 400, Then.CLOSED),
                c("Transfer-Encoding then Content-Length", post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", chunked), 400, Then.CLOSED),
                c("two different Content-Lengths", post("Content-Length: 5\r\nContent-Length: 6\r\n", "hello!"), 400, Then.CLOSED),
                // RFC 9112 §6.3 lets a server accept repeated equal values; Duet refuses them as a proxy might not.
                c("two equal Content-Lengths", post("Content-Length: 5\r\nContent-Length: 5\r\n", "hello"), 400, Then.CLOSED),
                c("a Content-Length list", post("Content-Length: 5, 5\r\n", "hello"), 400, Then.CLOSED),
                c("a signed Content-Length", post("Content-Length: +5\r\n", "hello"), 400, Then.CLOSED),
                c("a negative Content-Length", post("Content-Length: -1\r\n", "hello"), 400, Then.CLOSED),
                c("a hex Content-Length", post("Content-Length: 0x5\r\n", "hello"), 400, Then.CLOSED),
                c("a Content-Length with trailing junk", post("Content-Length: 5x\r\n", "hello"), 400, Then.CLOSED),
                c("an empty Content-Length", post("Content-Length: \r\n", "hello"), 400, Then.CLOSED),
                c("a Content-Length past a long", post("Content-Length: 99999999999999999999\r\n", "hello"), 400, Then.CLOSED),
                c("Transfer-Encoding with a space before the colon", post("Transfer-Encoding : chunked\r\n", chunked), 400, Then.CLOSED),
                c("Transfer-Encoding xchunked (chunked not final)", post("Transfer-Encoding: xchunked\r\n", chunked), 400, Then.CLOSED),
                c("Transfer-Encoding identity (chunked not final)", post("Transfer-Encoding: identity\r\n", "hello"), 400, Then.CLOSED),
                c("Transfer-Encoding chunked, gzip (chunked not final)", post("Transfer-Encoding: chunked, gzip\r\n", chunked), 400, Then.CLOSED),
                c("Transfer-Encoding chunked twice", post("Transfer-Encoding: chunked, chunked\r\n", chunked), 400, Then.CLOSED),
                // RFC 9112 §6.1: a transfer coding the server does not implement is a 501, not silently skipped.
                c("Transfer-Encoding gzip, chunked", post("Transfer-Encoding: gzip, chunked\r\n", chunked), 501, Then.CLOSED),
                c("Transfer-Encoding in two fields, gzip then chunked", post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", chunked), 501, Then.CLOSED),
                // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing.
                c("Transfer-Encoding in HTTP/1.0", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked, 400, Then.CLOSED),
                c("Transfer-Encoding Chunked (case-insensitive)", post("Transfer-Encoding: Chunked\r\n", chunked), 200, Then.KEPT),
                c("a plain chunked body", post("Transfer-Encoding: chunked\r\n", chunked), 200, Then.KEPT),
                c("a plain Content-Length body", post("Content-Length: 5\r\n", "hello"), 200, Then.KEPT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framing")
    void framing(String name, String request, int status, Then then) throws IOException {
        expect(request, status, then);
    }

    // ---- chunk grammar ----

    static Stream<Arguments> chunks() {
        String te = "Transfer-Encoding: chunked\r\n";
        return Stream.of(
                c("a chunk size that is not hex", post(te, "zz\r\nhello\r\n0\r\n\r\n"), 400, Then.CLOSED),
                c("a negative chunk size", post(te, "-5\r\nhello\r\n0\r\n\r\n"), 400, Then.CLOSED),
                c("a chunk size with 0x", post(te, "0x5\r\nhello\r\n0\r\n\r\n"), 400, Then.CLOSED),
                c("a chunk size past a long", post(te, "fffffffffffffffff5\r\nhello\r\n0\r\n\r\n"), 400, Then.CLOSED),
                c("an empty chunk size", post(te, "\r\nhello\r\n0\r\n\r\n"), 400, Then.CLOSED),
                c("chunk data longer than its size", post(te, "3\r\nhello\r\n0\r\n\r\n"), 400, Then.CLOSED),
                c("a space inside the chunk size", post(te, "5 5\r\nhello\r\n0\r\n\r\n"), 400, Then.CLOSED),
                c("a NUL in the chunk size", post(te, "5\0\r\nhello\r\n0\r\n\r\n"), 400, Then.CLOSED),
                c("a chunk extension", post(te, "5;name=value\r\nhello\r\n0\r\n\r\n"), 200, Then.KEPT),
                c("an upper-case hex size with leading zeros", post(te, "00A\r\nhelloworld\r\n0\r\n\r\n"), 200, Then.KEPT),
                c("a trailer field", post(te, "5\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n"), 200, Then.KEPT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunks")
    void chunkGrammar(String name, String request, int status, Then then) throws IOException {
        expect(request, status, then);
    }

    // ---- header grammar ----

    static Stream<Arguments> headers() {
        return Stream.of(
                c("a space before the colon", checkWith("X-A : 1\r\n"), 400, Then.CLOSED),
                c("a name with a delimiter", checkWith("X(A): 1\r\n"), 400, Then.CLOSED),
                c("an empty name", checkWith(": 1\r\n"), 400, Then.CLOSED),
                c("a line without a colon", checkWith("X-A\r\n"), 400, Then.CLOSED),
                c("a NUL in a value", checkWith("X-A: a\0b\r\n"), 400, Then.CLOSED),
                c("a bare CR in a value", checkWith("X-A: a\rb\r\n"), 400, Then.CLOSED),
                c("a control character in a value", checkWith("X-A: a\u0001b\r\n"), 400, Then.CLOSED),
                c("whitespace before the first field", "GET /check HTTP/1.1\r\n Host: x\r\n\r\n", 400, Then.CLOSED),
                c("obs-text in a value", checkWith("X-A: caf\u00e9\r\n"), 200, Then.KEPT),
                c("tabs around a value", checkWith("X-A:\t1\t\r\n"), 200, Then.KEPT));
    }

    private static String checkWith(String headers) {
        return "GET /check HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void headerGrammar(String name, String request, int status, Then then) throws IOException {
        expect(request, status, then);
    }

    static Stream<Arguments> folds() {
        return Stream.of(
                c("a folded value (obs-fold)", checkWith("X-A: a\r\n b\r\n"), 400, Then.CLOSED),
                c("Transfer-Encoding folded", post("Transfer-Encoding:\r\n chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"), 400, Then.CLOSED),
                c("Content-Length folded", post("Content-Length: 5\r\n 0\r\n", "hello"), 400, Then.CLOSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folds")
    void obsFold(String name, String request, int status, Then then) throws IOException {
        assumeCapable(Harness.Capability.REFUSES_OBS_FOLD);
        expect(request, status, then);
    }

    // ---- Host (RFC 9112 §3.2) ----

    static Stream<Arguments> hosts() {
        return Stream.of(
                c("no Host", "GET /check HTTP/1.1\r\n\r\n", 400, Then.CLOSED),
                c("two equal Hosts", "GET /check HTTP/1.1\r\nHost: x\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("two different Hosts", "GET /check HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400, Then.CLOSED),
                c("a Host with a space", "GET /check HTTP/1.1\r\nHost: a b\r\n\r\n", 400, Then.CLOSED),
                c("a Host with a path and user info", "GET /check HTTP/1.1\r\nHost: a/b@c\r\n\r\n", 400, Then.CLOSED),
                c("a Host with user info", "GET /check HTTP/1.1\r\nHost: u@x\r\n\r\n", 400, Then.CLOSED),
                c("a Host with a port that is not a number", "GET /check HTTP/1.1\r\nHost: x:y\r\n\r\n", 400, Then.CLOSED),
                c("a Host with a port", "GET /check HTTP/1.1\r\nHost: x:8080\r\n\r\n", 200, Then.KEPT),
                c("an IPv6 Host", "GET /check HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", 200, Then.KEPT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void host(String name, String request, int status, Then then) throws IOException {
        expect(request, status, then);
    }

    @Test
    void http10NeedsNoHost() throws IOException {
        var server = app();
        HostileWire.Outcome o = HostileWire.exchange(server.app().port(),
                "GET /check HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), false, 4000);
        assertThat(o.statuses()).as("%s", o).containsExactly(200);
        assertThat(o.closed()).isTrue();
    }

    // ---- versions ----

    static Stream<Arguments> versions() {
        return Stream.of(
                c("HTTP/2.0", "GET /check HTTP/2.0\r\nHost: x\r\n\r\n", 505, Then.CLOSED),
                c("HTTP/3.0", "GET /check HTTP/3.0\r\nHost: x\r\n\r\n", 505, Then.CLOSED),
                // RFC 9110 §2.5 lets a server answer a later 1.x as 1.1; Duet refuses what it does not speak.
                c("HTTP/1.2", "GET /check HTTP/1.2\r\nHost: x\r\n\r\n", 505, Then.CLOSED),
                c("the HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, Then.CLOSED),
                c("a lower-case http", "GET /check http/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("a version without its minor", "GET /check HTTP/1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("a version of two digits", "GET /check HTTP/11.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("a version with junk after it", "GET /check HTTP/1.1x\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("a space after the version", "GET /check HTTP/1.1 \r\nHost: x\r\n\r\n", 400, Then.CLOSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void version(String name, String request, int status, Then then) throws IOException {
        expect(request, status, then);
    }

    // ---- request targets ----

    static Stream<Arguments> targets() {
        return Stream.of(
                c("an empty target", "GET  HTTP/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("a NUL in the target", "GET /check\0 HTTP/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("a fragment in the target", "GET /check#top HTTP/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("a control character in the target", "GET /che\u0001ck HTTP/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("a raw byte past ASCII in the target", "GET /che\u00ffck HTTP/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("a space inside the target", "GET /che ck HTTP/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("an authority-form target outside CONNECT", "GET x:80 HTTP/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("an asterisk target outside OPTIONS", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                // Duet serves http and https URIs; another scheme names a resource it does not have.
                c("an absolute-form target of another scheme", "GET gopher://x/check HTTP/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("an https absolute-form target", "GET https://x/check HTTP/1.1\r\nHost: x\r\n\r\n", 200, Then.KEPT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void target(String name, String request, int status, Then then) throws IOException {
        expect(request, status, then);
    }

    /** RFC 9112 §3.2.2: the target's authority wins over Host. */
    @Test
    void anAbsoluteFormTargetWinsOverADifferentHost() throws IOException {
        assumeCapable(Harness.Capability.ABSOLUTE_FORM_AUTHORITY_WINS);
        expect("GET http://other.example/check HTTP/1.1\r\nHost: x\r\n\r\n", 200, Then.KEPT);
    }

    // ---- methods ----

    static Stream<Arguments> methods() {
        return Stream.of(
                c("a method with a delimiter", "G(T /check HTTP/1.1\r\nHost: x\r\n\r\n", 400, Then.CLOSED),
                c("an unknown method", "FOO /check HTTP/1.1\r\nHost: x\r\n\r\n", 501, Then.KEPT),
                c("a lower-case method (names are case-sensitive)", "get /check HTTP/1.1\r\nHost: x\r\n\r\n", 501, Then.KEPT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void method(String name, String request, int status, Then then) throws IOException {
        expect(request, status, then);
    }

    // ---- limits ----

    static Stream<Arguments> connectionLimits() {
        return Stream.of(
                c("a request line over maxUriLength", "GET /" + "a".repeat(600) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, Then.CLOSED),
                c("a header block over maxHeaderSize", checkWith("X-A: " + "a".repeat(2100) + "\r\n"), 431, Then.CLOSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionLimits")
    void connectionLimit(String name, String request, int status, Then then) throws IOException {
        assumeCapable(Harness.Capability.CONNECTION_LIMITS);
        expect(request, status, then);
    }

    static Stream<Arguments> limits() {
        return Stream.of(
                c("a Content-Length over maxBodySize", post("Content-Length: 2000\r\n", "a".repeat(2000)), 413, Then.CLOSED),
                c("a chunked body over maxBodySize", post("Transfer-Encoding: chunked\r\n", "7d0\r\n" + "a".repeat(2000) + "\r\n0\r\n\r\n"), 413, Then.CLOSED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void limit(String name, String request, int status, Then then) throws IOException {
        expect(request, status, then);
    }

    // ---- half-close ----

    /** A client that sends a whole request and then shuts its side down still gets its answer. */
    @Test
    void aRequestFollowedByAHalfCloseIsAnswered() throws IOException {
        var server = app();
        HostileWire.Outcome o = HostileWire.exchange(server.app().port(),
                post("Content-Length: 5\r\n", "hello").getBytes(StandardCharsets.ISO_8859_1), true, 4000);
        assertThat(o.statuses()).as("%s", o).containsExactly(200);
        assertThat(o.raw()).endsWith("5:hello");
        assertThat(o.closed()).as("then closed: %s", o).isTrue();
    }

    /** The same for two pipelined requests: both answered, in order, then the connection closes. */
    @Test
    void pipelinedRequestsBeforeAHalfCloseAreAllAnswered() throws IOException {
        var server = app();
        HostileWire.Outcome o = HostileWire.exchange(server.app().port(),
                (CHECK + post("Content-Length: 2\r\n", "hi")).getBytes(StandardCharsets.ISO_8859_1), true, 4000);
        assertThat(o.statuses()).as("%s", o).containsExactly(200, 200);
        assertThat(o.closed()).isTrue();
    }

    // ---- slow clients ----

    /**
     * A few clients dribbling a request a byte at a time, some in the header block and some in the
     * body, are each answered 408 and closed once {@code readTimeout} is over, long before they
     * would have finished, while an ordinary request on another connection is still served.
     */
    @Test
    void dribblersAreCutOffAtTheReadTimeout() throws Exception {
        assumeCapable(Harness.Capability.READ_TIMEOUT);
        var server = serve(c -> c.readTimeout(java.time.Duration.ofMillis(500)), HostileInputSuite::routes);
        String head = "GET /check HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200) + "\r\n\r\n";
        String body = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n" + "b".repeat(200);
        List<java.util.concurrent.Future<int[]>> dribblers = new java.util.ArrayList<>();
        long t0 = System.nanoTime();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                String req = i % 2 == 0 ? head : body;
                dribblers.add(pool.submit(() -> dribble(server.app().port(), req)));
            }
            Thread.sleep(200);
            assertThat(server.get("/check").text()).as("served meanwhile").isEqualTo("ok");
            for (var d : dribblers) {
                int[] got = d.get();
                assertThat(got[0]).as("status").isEqualTo(408);
                assertThat(got[1]).as("bytes sent of %s before the cut", head.length()).isLessThan(head.length() - 1);
            }
        }
        System.out.println("dribblers " + getClass().getSimpleName() + ": 8 cut off with 408 within "
                + java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms (readTimeout 500 ms)");
    }

    /** Sends {@code req} a byte every 20 ms until the server answers: the status and how many bytes went out. */
    private static int[] dribble(int port, String req) throws IOException, InterruptedException {
        try (RawClient c = new RawClient(port)) {
            int sent = 0;
            try {
                for (; sent < req.length() && c.in().available() == 0; sent++) {
                    c.send(req.substring(sent, sent + 1));
                    Thread.sleep(20);
                }
            } catch (IOException closed) {
                // closed while still sending: the answer is read below
            }
            RawClient.Res r = c.read();
            assertThat(c.closedWithin(3000)).as("closed after the 408").isTrue();
            return new int[] {r.status(), sent};
        }
    }

    // ---- logging ----

    /**
     * Bad requests are logged quietly: no WARN or ERROR line, from Duet or from the core's own
     * server, quotes what the client sent (one line per bad request is a log flood, and client
     * bytes in a log are a log injection). Each request carries a marker in the bytes a parser
     * would quote: two Hosts, a bad authority, a bad header, a bad chunk, a bad version.
     */
    @Test
    void badRequestsLogNoClientBytesAtWarn() throws Exception {
        String m = "zq7marker";
        List<String> bad = List.of(
                "GET /check HTTP/1.1\r\nHost: " + m + "1\r\nHost: " + m + "2\r\n\r\n",
                "GET /check HTTP/1.1\r\nHost: " + m + " x\r\n\r\n",
                "GET /check HTTP/1.1\r\nHost: x\r\n" + m + "(: 1\r\n\r\n",
                "GET /check HTTP/1.1\r\nHost: x\r\nX-A: " + m + "\0\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + m + "\r\n\r\n",
                "GET /" + m + " HTTP/9." + m + "\r\nHost: x\r\n\r\n",
                "GET http://" + m + ":x/check HTTP/1.1\r\nHost: x\r\n\r\n");
        var server = app();
        try (LogCapture log = LogCapture.of(org.slf4j.Logger.ROOT_LOGGER_NAME, ch.qos.logback.classic.Level.WARN)) {
            for (String req : bad) {
                HostileWire.Outcome o = HostileWire.exchange(server.app().port(), req.getBytes(StandardCharsets.ISO_8859_1), true, 4000);
                assertThat(o.status()).as("refused: %s", o).isBetween(400, 505);
            }
            assertThat(server.get("/check").text()).isEqualTo("ok");
            assertThat(log.events(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)
                    && (e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).contains(m)))
                    .as("WARN lines quoting the client").isEmpty();
        }
    }

    /** The suite's cases, counted, for the report in docs/reliability.md. */
    static int caseCount() {
        return (int) Stream.of(framing(), chunks(), headers(), folds(), hosts(), versions(), targets(), methods(), connectionLimits(), limits())
                .mapToLong(Stream::count).sum() + 6;
    }

    static List<String> corpus() {
        return Stream.of(framing(), chunks(), headers(), folds(), hosts(), versions(), targets(), methods(), connectionLimits(), limits())
                .flatMap(s -> s).map(a -> (String) a.get()[1]).toList();
    }
}
