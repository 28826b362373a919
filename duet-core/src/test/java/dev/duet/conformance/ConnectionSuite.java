package dev.duet.conformance;

import dev.duet.Cookie;
import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.duet.conformance.Harness.Capability.CONCURRENT_PIPELINING;
import static dev.duet.conformance.Harness.Capability.DUET_ANSWERS_MALFORMED_REQUESTS;
import static dev.duet.conformance.Harness.Capability.HEAD_FRAMING_AS_GET;
import static dev.duet.conformance.Harness.Capability.HTTP_1_0_IN_KIND;
import static dev.duet.conformance.Harness.Capability.MARKS_A_FAILED_STREAM_INCOMPLETE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/1.1 as it travels, byte by byte over a raw socket: keep-alive and closing, HTTP/1.0,
 * pipelining, what every response carries, HEAD, streamed bodies, request bodies and targets, and
 * {@code Expect}.
 */
public abstract class ConnectionSuite extends WireSuite {

    protected ConnectionSuite(Harness harness) {
        super(harness);
    }

    /** The status line after its HTTP version, e.g. {@code " 200 OK"}: what every core answers to HTTP/1.0. */
    private String statusAfterTheVersion(int status) {
        return statusLine(status).substring("HTTP/1.1".length());
    }

    /** Writes {@code one }, flushes (so the length is not known up front), then writes {@code two}. */
    private static Response oneTwoStream() {
        return Response.stream("text/plain", out -> {
            out.write("one ".getBytes());
            out.flush();
            out.write("two".getBytes());
        });
    }

    // ---- keep-alive and closing ----

    @Test
    void keepAliveServesRequestsOfEveryKindOnOneSocket() throws Exception {
        var server = serve(app -> {
            app.get("/a", req -> "first");
            app.getAsync("/b", req -> CompletableFuture.completedFuture("second"));
            app.getAsync("/c", req -> req.tasks().delay(Duration.ofMillis(20)).thenApply(x -> "third"));
        });
        try (RawClient c = connect(server)) {
            c.send(get("/a"));
            RawClient.Res first = c.read();
            assertThat(first.text()).isEqualTo("first");
            assertThat(first.header("Connection")).isNull();
            c.send(get("/b"));
            assertThat(c.read().text()).isEqualTo("second");
            c.send(get("/c"));
            assertThat(c.read().text()).isEqualTo("third");
            assertThat(c.closedWithin(200)).isFalse();
        }
    }

    @Test
    void connectionCloseIsHonouredAfterTheResponse() throws Exception {
        var server = serve(app -> app.get("/a", req -> "bye"));
        try (RawClient c = connect(server)) {
            c.send("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertAnsweredThenClosed(c, "bye");
        }
    }

    @Test
    void appAskingToCloseTheConnectionIsHonoured() throws Exception {
        var server = serve(app -> app.get("/last", req -> Response.text("last one").header("Connection", "close")));
        try (RawClient c = connect(server)) {
            c.send(get("/last"));
            assertAnsweredThenClosed(c, "last one");
        }
    }

    /** Reads a response with {@code text} that says {@code Connection: close}, then the close. */
    private static void assertAnsweredThenClosed(RawClient c, String text) throws Exception {
        RawClient.Res r = c.read();
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(c.closedWithin(2000)).isTrue();
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        var server = serve(app -> app.get("/a", req -> "old"));
        try (RawClient c = connect(server)) {
            c.send("GET /a HTTP/1.0\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.statusLine()).endsWith(statusAfterTheVersion(200));
            assertThat(r.text()).isEqualTo("old");
            assertThat(c.closedWithin(2000)).isTrue();
        }
        try (RawClient c = connect(server)) {
            c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.header("Connection")).isEqualToIgnoringCase("keep-alive");
            c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("old");
        }
    }

    @Test
    void http10StreamIsDelimitedByClosingTheConnection() throws Exception {
        var server = serve(app -> app.get("/stream", req -> oneTwoStream()));
        try (RawClient c = connect(server)) {
            c.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Res r = c.read(); // no Content-Length, no chunks: read to EOF
            assertThat(r.statusLine()).endsWith(statusAfterTheVersion(200));
            assertThat(r.chunked()).isFalse();
            assertThat(r.header("Connection")).as("not kept alive").satisfiesAnyOf(
                    v -> assertThat(v).isNull(), v -> assertThat(v).isEqualTo("close"));
            assertThat(r.text()).isEqualTo("one two");
        }
    }

    @Test
    void http10IsAnsweredAsHttp10() throws Exception {
        assumeCapable(HTTP_1_0_IN_KIND);
        var server = serve(app -> {
            app.get("/a", req -> "old");
            app.get("/stream", req -> oneTwoStream());
        });
        try (RawClient c = connect(server)) {
            c.send("GET /a HTTP/1.0\r\n\r\n");
            assertThat(c.read().statusLine()).isEqualTo("HTTP/1.0" + statusAfterTheVersion(200));
        }
        try (RawClient c = connect(server)) {
            c.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.statusLine()).isEqualTo("HTTP/1.0" + statusAfterTheVersion(200));
            assertThat(r.header("Connection")).as("the keep-alive asked for is refused explicitly").isEqualTo("close");
        }
    }

    // ---- pipelining ----

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        var server = serve(app -> {
            app.get("/slow", req -> {
                Thread.sleep(100);
                return "slow";
            });
            app.getAsync("/fast", req -> CompletableFuture.completedFuture("fast"));
        });
        try (RawClient c = connect(server)) {
            c.send(get("/slow") + get("/fast"));
            assertThat(c.read().text()).isEqualTo("slow");
            assertThat(c.read().text()).isEqualTo("fast");
        }
    }

    @Test
    void manyPipelinedRequestsAllAnswerInOrder() throws Exception {
        var server = serve(app -> app.get("/n/{n}", req -> {
            int n = Integer.parseInt(req.pathParam("n"));
            if (n % 3 == 0) Thread.sleep(5); // some finish later than their successors
            return "r" + n;
        }));
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 40; i++) batch.append(get("/n/" + i));
        try (RawClient c = connect(server)) {
            c.send(batch.toString());
            for (int i = 0; i < 40; i++) assertThat(c.read().text()).isEqualTo("r" + i);
        }
    }

    @Test
    void pipelinedRequestsAreHandledConcurrentlyAndStillAnsweredInOrder() throws Exception {
        assumeCapable(CONCURRENT_PIPELINING);
        AtomicBoolean slowDone = new AtomicBoolean();
        List<String> ranWhileSlowWasSleeping = new CopyOnWriteArrayList<>();
        var server = serve(app -> {
            app.get("/slow", req -> {
                Thread.sleep(200);
                slowDone.set(true);
                return "slow";
            });
            app.getAsync("/fast/{n}", req -> {
                if (!slowDone.get()) ranWhileSlowWasSleeping.add(req.path());
                return CompletableFuture.completedFuture("fast" + req.pathParam("n"));
            });
        });
        try (RawClient c = connect(server)) {
            long t0 = System.nanoTime();
            c.send(get("/slow") + get("/fast/1") + get("/fast/2"));
            assertThat(c.read().text()).isEqualTo("slow");
            assertThat(c.read().text()).isEqualTo("fast1");
            assertThat(c.read().text()).isEqualTo("fast2");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ms).isGreaterThanOrEqualTo(200);
        }
        // The async handlers did not wait for the blocking one: they ran while it slept.
        assertThat(ranWhileSlowWasSleeping).containsExactly("/fast/1", "/fast/2");
    }

    @Test
    void aLateResponseDoesNotBlockOtherConnections() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        var server = serve(c -> c.eventLoops(1), app -> {
            app.get("/wait", req -> {
                release.await(5, TimeUnit.SECONDS);
                return "waited";
            });
            app.getAsync("/now", req -> CompletableFuture.completedFuture("now"));
        });
        try (RawClient a = connect(server); RawClient b = connect(server)) {
            a.send(get("/wait"));
            b.send(get("/now"));
            assertThat(b.read().text()).isEqualTo("now");
            release.countDown();
            assertThat(a.read().text()).isEqualTo("waited");
        }
        // both exchanges end (sent) once their writes complete
        assertThat(server.app().awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    // ---- what a response carries ----

    @Test
    void everyResponseCarriesDateServerHeadersAndCookies() throws Exception {
        var server = serve(c -> c.serverHeader("Duet-Test"), app -> app.get("/c", req -> Response.text("hi")
                .header("X-Custom", "yes")
                .cookie(Cookie.of("a", "1"))
                .cookie(Cookie.of("b", "2"))));
        try (RawClient c = connect(server)) {
            c.send(get("/c"));
            RawClient.Res r = c.read();
            assertThat(r.statusLine()).isEqualTo(statusLine(200));
            assertThat(r.headers().get("server")).containsExactly("Duet-Test");
            assertThat(r.header("X-Custom")).isEqualTo("yes");
            assertThat(r.header("X-Request-Id")).isNotBlank();
            assertThat(r.headers().get("set-cookie")).containsExactly(
                    "a=1; Path=/; HttpOnly; SameSite=Lax", "b=2; Path=/; HttpOnly; SameSite=Lax");
            assertThat(r.headers().get("date")).hasSize(1);
            String date = r.header("Date");
            assertThat(date).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            assertThat(Duration.between(sent, Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void noContentHasNoBodyAndNoLength() throws Exception {
        var server = serve(app -> app.get("/none", req -> null));
        try (RawClient c = connect(server)) {
            c.send(get("/none") + get("/none"));
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("Content-Length")).isNull();
            assertThat(r.header("Content-Type")).isNull();
            assertThat(c.read().status()).isEqualTo(204); // the next response follows at once: no body in between
        }
    }

    @Test
    void utf8BodiesAreSentAsBytes() throws Exception {
        var server = serve(app -> app.get("/u", req -> "héllo ✓"));
        try (RawClient c = connect(server)) {
            c.send(get("/u"));
            RawClient.Res r = c.read();
            assertThat(r.text()).isEqualTo("héllo ✓");
            assertThat(r.header("Content-Length")).isEqualTo(String.valueOf("héllo ✓".getBytes(StandardCharsets.UTF_8).length));
        }
    }

    @Test
    void headSendsTheGetHeadersWithoutABody() throws Exception {
        var server = serve(app -> {
            app.get("/doc", req -> "twelve bytes");
            app.get("/stream", req -> Response.stream("text/plain", out -> out.write("abc".getBytes())));
        });
        try (RawClient c = connect(server)) {
            c.send("HEAD /doc HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read(true);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo("12");
            assertThat(r.header("Content-Type")).isEqualTo(contentType("text/plain; charset=utf-8"));
            // Nothing follows the headers: the next bytes on the wire are the next response.
            c.send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res s = c.read(true);
            assertThat(s.statusLine()).isEqualTo(statusLine(200));
            assertThat(s.header("Content-Type")).isEqualTo("text/plain");
            c.send(get("/doc"));
            RawClient.Res g = c.read();
            assertThat(g.statusLine()).isEqualTo(statusLine(200));
            assertThat(g.text()).isEqualTo("twelve bytes");
        }
    }

    @Test
    void headOfAStreamAnnouncesTheChunkedFramingOfItsGet() throws Exception {
        assumeCapable(HEAD_FRAMING_AS_GET);
        var server = serve(app -> app.get("/stream", req -> Response.stream("text/plain", out -> out.write("abc".getBytes()))));
        try (RawClient c = connect(server)) {
            c.send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res s = c.read(true);
            assertThat(s.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(s.header("Content-Length")).isNull();
        }
    }

    // ---- streamed bodies ----

    @Test
    void streamedBodyIsSentChunkedFromAVirtualThread() throws Exception {
        List<Boolean> virtual = new CopyOnWriteArrayList<>();
        Response.StreamBody parts = out -> {
            virtual.add(Thread.currentThread().isVirtual());
            for (int i = 0; i < 5; i++) {
                out.write(("part" + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }
        };
        var server = serve(app -> {
            app.get("/stream", req -> Response.stream("text/plain", parts));
            app.getAsync("/stream-async", req -> CompletableFuture.completedFuture(Response.stream("text/plain", parts)));
        });
        for (String path : new String[] {"/stream", "/stream-async"}) {
            try (RawClient c = connect(server)) {
                c.send(get(path));
                RawClient.Res r = c.read();
                assertThat(r.chunked()).as(path).isTrue();
                assertThat(r.header("Content-Length")).as(path).isNull();
                assertThat(r.text()).as(path).isEqualTo("part0\npart1\npart2\npart3\npart4\n");
                c.send(get(path)); // the connection stays usable after the last chunk
                assertThat(c.read().text()).as(path).startsWith("part0");
            }
        }
        assertThat(virtual).hasSize(4).containsOnly(true);
        ClientResponse res = server.get("/stream"); // and a real client reads it whole
        assertThat(res.text()).hasLineCount(5);
        assertThat(res.header("Transfer-Encoding")).isEqualTo("chunked");
    }

    @Test
    void aStreamedBodyThatFailsEndsWithoutItsLastChunk() throws Exception {
        assumeCapable(MARKS_A_FAILED_STREAM_INCOMPLETE);
        var server = serve(app -> app.get("/broken", req -> Response.stream("text/plain", out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("the body's own bug");
        })));
        try (RawClient c = connect(server)) {
            c.send(get("/broken"));
            assertThat(c.line()).isEqualTo(statusLine(200));
            byte[] rest = c.in().readAllBytes(); // to the close: the connection does not stay open
            String text = new String(rest, StandardCharsets.ISO_8859_1);
            assertThat(text).contains("partial").doesNotEndWith("0\r\n\r\n");
        }
    }

    // ---- requests ----

    @Test
    void requestBodiesReachTheHandlerWhole() throws Exception {
        var server = serve(app -> {
            app.post("/echo", req -> Response.bytes(req.body(), "application/octet-stream"));
            app.postAsync("/echo-async", req -> CompletableFuture.completedFuture(Response.bytes(req.body(), "application/octet-stream")));
        });
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        ClientResponse res = server.send(ClientRequest.post("/echo").body(big, "application/octet-stream"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(big);

        try (RawClient c = connect(server)) { // chunked upload, in several chunks
            c.send("POST /echo-async HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("hello world");
        }
    }

    @Test
    void requestHeadersMethodUriAndRemoteAddressArePassedThrough() throws Exception {
        var server = serve(app -> app.get("/h", req -> Map.of(
                "all", req.headers().all("X-Multi"),
                "one", String.valueOf(req.header("x-one")),
                "uri", req.path() + "?" + req.rawQuery(),
                "ip", req.remoteAddress().getAddress().getHostAddress())));
        try (RawClient c = connect(server)) {
            c.send("GET /h?a=1&b=%20 HTTP/1.1\r\nHost: x\r\nX-Multi: a\r\nX-One: 1\r\nx-multi: b\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("\"all\":[\"a\",\"b\"]").contains("\"one\":\"1\"")
                    .contains("\"uri\":\"/h?a=1&b=%20\"").contains("\"ip\":\"127.0.0.1\"");
        }
    }

    @Test
    void absoluteFormTargetsAndQueryStringsAreDispatched() throws Exception {
        var server = serve(app -> app.get("/q", req -> Map.of("a", req.query("a"))));
        try (RawClient c = connect(server)) {
            c.send("GET http://example.com/q?a=%C3%A9 HTTP/1.1\r\nHost: example.com\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("{\"a\":\"é\"}");
        }
    }

    @Test
    void appErrorsKeepTheirStatusAndTheConnection() throws Exception {
        var server = serve(app -> app.get("/boom", req -> {
            throw new IllegalStateException("bug");
        }));
        try (RawClient c = connect(server)) {
            c.send("GET /missing HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.text()).contains("No route for GET /missing");
            c.send(get("/boom"));
            assertThat(c.read().status()).isEqualTo(500);
        }
    }

    @Test
    void malformedPercentEncodingIsTheAppsPreciseError() throws Exception {
        assumeCapable(DUET_ANSWERS_MALFORMED_REQUESTS);
        var server = serve(app -> app.get("/users/{name}", req -> req.pathParam("name")));
        try (RawClient c = connect(server)) {
            c.send(get("/users/%zz"));
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).as("the router's words").contains("/users/%zz");
            c.send(get("/users/%C3%A9")); // the connection is still fine
            assertThat(c.read().text()).isEqualTo("é");
        }
    }

    // ---- Expect ----

    @Test
    void expectContinueGetsA100ThenTheResponse() throws Exception {
        var server = serve(app -> app.post("/up", req -> "got " + req.body().length));
        try (RawClient c = connect(server)) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.line()).isEqualTo(statusLine(100));
            assertThat(c.line()).isEmpty();
            c.send("hello");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("got 5");
        }
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            URI up = URI.create("http://127.0.0.1:" + server.app().port() + "/up");
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(up).expectContinue(true).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("abc")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.body()).isEqualTo("got 3");
        }
    }

    @Test
    void unknownExpectationIsRefused() throws Exception {
        assumeCapable(DUET_ANSWERS_MALFORMED_REQUESTS);
        var server = serve(app -> app.post("/up", req -> "never"));
        try (RawClient c = connect(server)) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: telepathy\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(417);
            assertThat(r.text()).contains("telepathy");
        }
    }

    @Test
    void jsonClientsGetTheCoresRefusalsAsJson() throws Exception {
        var server = serve(c -> c.maxBodySize(10), app -> app.post("/up", req -> "never"));
        try (RawClient c = connect(server)) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Length: 50\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.text()).isEqualTo(
                    "{\"error\":\"Request body larger than the limit of 10 bytes (maxBodySize)\",\"status\":413}");
        }
    }
}
