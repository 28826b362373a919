package dev.duet.conformance;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.duet.conformance.Harness.Capability.BODY_LIMIT_BEFORE_100_CONTINUE;
import static dev.duet.conformance.Harness.Capability.CONNECTION_LIMITS;
import static dev.duet.conformance.Harness.Capability.DUET_ANSWERS_MALFORMED_REQUESTS;
import static dev.duet.conformance.Harness.Capability.READ_TIMEOUT;
import static dev.duet.conformance.Harness.Capability.URI_LIMIT_BEFORE_THE_LINE_ENDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every limit of the config, enforced by the core while it reads, answered in Duet's words (the
 * limit and the knob that sets it), then the connection closes: a client cannot tell the cores
 * apart by their refusals.
 */
public abstract class LimitsSuite extends WireSuite {
    private static final String BODY_TOO_LARGE = "Request body larger than the limit of 1024 bytes (maxBodySize)";
    private static final String HEADERS_TOO_LARGE = "Request header block larger than the limit of 1024 bytes (maxHeaderSize)";
    private static final String LINE_TOO_LONG = "Request line longer than the limit of 256 bytes (maxUriLength)";

    protected LimitsSuite(Harness harness) {
        super(harness);
    }

    /** Small limits: a 1 KiB body, a 1 KiB header block, a 256-byte request line. */
    private Harness.Client serveSmall() {
        return serve(c -> c.maxBodySize(1024).maxHeaderSize(1024).maxUriLength(256), app -> {
            app.post("/up", req -> "got " + req.body().length);
            app.get("/", req -> "ok");
        });
    }

    /** An app whose {@code /} answers {@code ok}, with a read timeout of {@code millis}. */
    private Harness.Client serveWithReadTimeout(long millis) {
        return serve(c -> c.readTimeout(Duration.ofMillis(millis)), app -> app.get("/", req -> "ok"));
    }

    // ---- maxBodySize ----

    @Test
    void bodyOverTheLimitByContentLengthIs413AndCloses() throws Exception {
        var server = serveSmall();
        try (RawClient c = connect(server)) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n" + "a".repeat(2048));
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.text()).isEqualTo(BODY_TOO_LARGE);
            assertThat(r.header("Content-Type")).isEqualTo(contentType("text/plain; charset=utf-8"));
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void withErrorsJsonARefusalIsJsonWhateverTheClientAccepts() throws Exception {
        var server = serve(c -> c.maxBodySize(1024).errors(dev.duet.Config.ErrorFormat.JSON),
                app -> app.post("/up", req -> "got " + req.body().length));
        try (RawClient c = connect(server)) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nContent-Length: 2048\r\n\r\n" + "a".repeat(2048));
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.text()).isEqualTo("{\"error\":\"" + BODY_TOO_LARGE + "\",\"status\":413}");
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void bodyAtTheLimitIsAccepted() throws Exception {
        var server = serveSmall();
        try (RawClient c = connect(server)) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n" + "a".repeat(1024));
            assertThat(c.read().text()).isEqualTo("got 1024");
        }
    }

    @Test
    void chunkedBodyGrowingOverTheLimitIs413AndCloses() throws Exception {
        var server = serveSmall();
        try (RawClient c = connect(server)) {
            StringBuilder req = new StringBuilder("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 5; i++) req.append("100\r\n").append("b".repeat(256)).append("\r\n"); // 5 x 256 bytes
            req.append("0\r\n\r\n");
            c.send(req.toString());
            assertRefusedAndClosed(c, 413, BODY_TOO_LARGE);
        }
    }

    @Test
    void expectContinueOverTheLimitIs413WithoutReadingTheBody() throws Exception {
        assumeCapable(BODY_LIMIT_BEFORE_100_CONTINUE);
        var server = serveSmall();
        try (RawClient c = connect(server)) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n");
            // no 100 Continue first: the final answer at once
            assertRefusedAndClosed(c, 413, BODY_TOO_LARGE);
        }
    }

    // ---- maxHeaderSize, maxUriLength ----

    @Test
    void headerBlockOverTheLimitIs431AndCloses() throws Exception {
        assumeCapable(CONNECTION_LIMITS);
        var server = serveSmall();
        // Far over the limit, and just over it (but under maxHeaderSize + maxUriLength, a cap some
        // servers have for the line and the headers together).
        for (String extra : new String[] {"X-Big: " + "h".repeat(2000) + "\r\n", "X-Mid: " + "h".repeat(1100) + "\r\n"}) {
            try (RawClient c = connect(server)) {
                c.send("GET / HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n");
                assertRefusedAndClosed(c, 431, HEADERS_TOO_LARGE);
            }
        }
        try (RawClient c = connect(server)) { // many small headers add up too
            StringBuilder req = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 100; i++) req.append("X-H").append(i).append(": 0123456789\r\n");
            c.send(req.append("\r\n").toString());
            assertThat(c.read().status()).isEqualTo(431);
        }
    }

    @Test
    void requestLineOverTheLimitIs414AndCloses() throws Exception {
        assumeCapable(CONNECTION_LIMITS);
        var server = serveSmall();
        try (RawClient c = connect(server)) {
            c.send(get("/" + "u".repeat(400)));
            assertRefusedAndClosed(c, 414, LINE_TOO_LONG);
        }
    }

    @Test
    void requestLineOverTheLimitIsRefusedBeforeItEnds() throws Exception {
        assumeCapable(URI_LIMIT_BEFORE_THE_LINE_ENDS);
        var server = serveSmall();
        try (RawClient c = connect(server)) {
            c.send("GET /" + "u".repeat(400)); // no end of line, ever
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(414);
            assertThat(r.text()).isEqualTo(LINE_TOO_LONG);
        }
    }

    @Test
    void refusalsWaitForEarlierPipelinedResponses() throws Exception {
        assumeCapable(CONNECTION_LIMITS);
        var server = serveSmall();
        try (RawClient c = connect(server)) {
            c.send(get("/") + get("/" + "u".repeat(400)));
            assertThat(c.read().text()).isEqualTo("ok");
            assertThat(c.read().status()).isEqualTo(414);
        }
    }

    // ---- malformed requests ----

    @Test
    void malformedRequestsAre400AndClose() throws Exception {
        assumeCapable(DUET_ANSWERS_MALFORMED_REQUESTS);
        var server = serveSmall();
        for (String bad : new String[] {
                "this is not http\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
                "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
                "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"}) {
            try (RawClient c = connect(server)) {
                c.send(bad);
                assertMalformedAndClosed(c, bad);
            }
        }
    }

    @Test
    void malformedChunkedBodyIs400AndCloses() throws Exception {
        assumeCapable(DUET_ANSWERS_MALFORMED_REQUESTS);
        var server = serveSmall();
        try (RawClient c = connect(server)) {
            String bad = "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"; // zz: not a chunk size
            c.send(bad);
            assertMalformedAndClosed(c, bad);
        }
    }

    @Test
    void bodyTheClientStopsSendingIsACancellationNotARefusal() throws Exception {
        assumeCapable(DUET_ANSWERS_MALFORMED_REQUESTS);
        AtomicInteger handled = new AtomicInteger();
        var server = serve(app -> app.post("/up", req -> "got " + req.body().length + " of call " + handled.incrementAndGet()));
        for (String cut : new String[] {
                "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc",
                "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"}) {
            try (RawClient c = connect(server)) {
                c.send(cut);
                c.socket.shutdownOutput(); // mid-body: nothing more is coming
                assertThat(new String(c.readAvailable(3000), StandardCharsets.ISO_8859_1)).as(cut).isEmpty();
                assertThat(c.closedWithin(3000)).as(cut).isTrue();
            }
        }
        assertThat(handled).as("the app never saw the requests").hasValue(0);
    }

    private static void assertMalformedAndClosed(RawClient c, String request) throws IOException {
        RawClient.Res r;
        try {
            r = c.read();
        } catch (IOException e) {
            // (named, so that a rare failure says which malformation the core left unanswered)
            throw new IOException("no answer to " + request.replace("\r\n", "\\r\\n") + ": " + e.getMessage(), e);
        }
        assertThat(r.status()).as(request).isEqualTo(400);
        assertThat(r.text()).as(request).startsWith("Malformed HTTP request");
        assertThat(c.closedWithin(3000)).as(request).isTrue();
    }

    // ---- readTimeout ----

    @Test
    void slowRequestIs408AfterTheReadTimeout() throws Exception {
        assumeCapable(READ_TIMEOUT);
        var server = serveWithReadTimeout(300);
        try (RawClient c = connect(server)) {
            long t0 = System.nanoTime();
            c.send("GET / HTTP/1.1\r\nHost: x\r\n"); // ... and the rest never comes
            RawClient.Res r = c.read();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.text()).isEqualTo("Request not received whole within the limit of 300 ms (readTimeout)");
            assertThat(ms).isBetween(250L, 2000L);
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void slowlorisDribblingBytesIsStillCutOff() throws Exception {
        assumeCapable(READ_TIMEOUT);
        var server = serveWithReadTimeout(300);
        try (RawClient c = connect(server)) {
            long t0 = System.nanoTime();
            String req = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: abcdefghijklmnopqrstuvwxyz\r\n\r\n";
            int sent = 0;
            try {
                for (; sent < req.length(); sent++) { // one byte every 50 ms: would take ~2.5 s
                    c.send(req.substring(sent, sent + 1));
                    Thread.sleep(50);
                    if (c.in().available() > 0) break;
                }
            } catch (IOException closed) {
                // the server may have closed while we were still sending
            }
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1500);
            assertThat(sent).isLessThan(req.length() - 1);
        }
    }

    @Test
    void readTimeoutDoesNotApplyToAConnectionThatIsMerelyIdleOrBusy() throws Exception {
        assumeCapable(READ_TIMEOUT);
        var server = serve(c -> c.readTimeout(Duration.ofMillis(200)), app -> {
            app.get("/slow", req -> {
                Thread.sleep(500); // longer than the read timeout: the request was read in time, so no 408
                return "done";
            });
            app.get("/", req -> "done");
        });
        try (RawClient busy = connect(server); RawClient idle = connect(server)) {
            busy.send(get("/slow"));
            Thread.sleep(400); // meanwhile `idle` is connected but sends nothing: no 408 either
            idle.send(get("/"));
            for (RawClient c : new RawClient[] {busy, idle}) {
                RawClient.Res r = c.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("done");
            }
        }
    }

    // ---- idleTimeout ----

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        var server = serve(c -> c.idleTimeout(Duration.ofMillis(300)), app -> app.get("/", req -> "ok"));
        try (RawClient c = connect(server)) {
            c.send(get("/"));
            assertThat(c.read().text()).isEqualTo("ok");
            long t0 = System.nanoTime();
            assertThat(c.closedWithin(3000)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(200L, 2000L);
        }
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosedAfterTheIdleTimeout() throws Exception {
        assumeCapable(CONNECTION_LIMITS);
        var server = serve(c -> c.idleTimeout(Duration.ofMillis(300)), app -> app.get("/", req -> "ok"));
        try (RawClient c = connect(server)) {
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void idleTimeoutDoesNotCloseAConnectionWithARequestInProgress() throws Exception {
        // Each request is handled for more than twice the idle timeout.
        var server = serve(c -> c.idleTimeout(Duration.ofMillis(200)), app -> {
            app.get("/slow", req -> {
                Thread.sleep(450);
                return "done";
            });
            app.getAsync("/slow-async", req -> req.tasks().delay(Duration.ofMillis(450)).thenApply(x -> "done"));
        });
        try (RawClient blocking = connect(server); RawClient async = connect(server)) {
            blocking.send(get("/slow"));
            async.send(get("/slow-async"));
            for (RawClient c : new RawClient[] {blocking, async}) {
                RawClient.Res r = c.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("done");
            }
            blocking.send(get("/slow")); // and the idle clock restarts after the response
            assertThat(blocking.read().text()).isEqualTo("done");
        }
    }
}
