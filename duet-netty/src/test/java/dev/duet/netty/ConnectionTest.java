package dev.duet.netty;

import dev.duet.conformance.RawClient;

import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP/1.1 connection behaviour over raw sockets: keep-alive, pipelining, HEAD, chunked streams. */
class ConnectionTest extends ServerTest {

    @Test
    void keepAliveServesTwoRequestsOnOneSocket() throws Exception {
        start(app -> {
            app.get("/a", req -> "first");
            app.getAsync("/b", req -> CompletableFuture.completedFuture("second"));
        });
        try (RawClient c = raw()) {
            c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res first = c.read();
            assertThat(first.text()).isEqualTo("first");
            assertThat(first.header("Connection")).isNull();
            c.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("second");
            assertThat(c.closedWithin(200)).isFalse();
        }
    }

    @Test
    void connectionCloseIsHonouredAfterTheResponse() throws Exception {
        start(app -> app.get("/a", req -> "bye"));
        try (RawClient c = raw()) {
            c.send("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.text()).isEqualTo("bye");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        start(app -> app.get("/a", req -> "old"));
        try (RawClient c = raw()) {
            c.send("GET /a HTTP/1.0\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.statusLine()).startsWith("HTTP/1.0 200");
            assertThat(r.text()).isEqualTo("old");
            assertThat(c.closedWithin(2000)).isTrue();
        }
        try (RawClient c = raw()) {
            c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.header("Connection")).isEqualToIgnoringCase("keep-alive");
            c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("old");
        }
    }

    @Test
    void pipelinedResponsesComeBackInRequestOrderWhileHandledConcurrently() throws Exception {
        AtomicBoolean slowDone = new AtomicBoolean();
        List<String> ranWhileSlowWasSleeping = new CopyOnWriteArrayList<>();
        start(app -> {
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
        try (RawClient c = raw()) {
            long t0 = System.nanoTime();
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /fast/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /fast/2 HTTP/1.1\r\nHost: x\r\n\r\n");
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
    void manyPipelinedRequestsAllAnswerInOrder() throws Exception {
        start(app -> app.get("/n/{n}", req -> {
            int n = Integer.parseInt(req.pathParam("n"));
            if (n % 3 == 0) Thread.sleep(5); // some finish later than their successors
            return "r" + n;
        }));
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 40; i++) batch.append("GET /n/").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        try (RawClient c = raw()) {
            c.send(batch.toString());
            for (int i = 0; i < 40; i++) assertThat(c.read().text()).isEqualTo("r" + i);
        }
    }

    @Test
    void headSendsTheGetHeadersWithoutABody() throws Exception {
        start(app -> {
            app.get("/doc", req -> "twelve bytes");
            app.get("/stream", req -> Response.stream("text/plain", out -> out.write("abc".getBytes())));
        });
        try (RawClient c = raw()) {
            c.send("HEAD /doc HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read(true);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo("12");
            assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            // Nothing follows the headers: the next bytes on the wire are the next response.
            c.send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res s = c.read(true);
            assertThat(s.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(s.header("Transfer-Encoding")).isEqualTo("chunked");
            c.send("GET /doc HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res g = c.read();
            assertThat(g.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(g.text()).isEqualTo("twelve bytes");
        }
    }

    @Test
    void streamedBodyIsSentChunkedFromAVirtualThread() throws Exception {
        AtomicBoolean virtual = new AtomicBoolean();
        start(app -> app.get("/stream", req -> Response.stream("text/plain", out -> {
            virtual.set(Thread.currentThread().isVirtual());
            for (int i = 0; i < 5; i++) {
                out.write(("part" + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        })));
        try (RawClient c = raw()) {
            c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.chunked()).isTrue();
            assertThat(r.header("Content-Length")).isNull();
            assertThat(r.text()).isEqualTo("part0\npart1\npart2\npart3\npart4\n");
            // the connection stays usable after the last chunk
            c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).startsWith("part0");
        }
        assertThat(virtual).isTrue();
        HttpResponse<String> res = get("/stream");
        assertThat(res.body()).hasLineCount(5);
        assertThat(res.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    }

    @Test
    void streamedBodyWaitsWhileTheClientDoesNotRead() throws Exception {
        AtomicLong written = new AtomicLong();
        int total = 64 * 1024 * 1024;
        start(app -> app.get("/big", req -> Response.stream("application/octet-stream", out -> {
            byte[] block = new byte[64 * 1024];
            for (int sent = 0; sent < total; sent += block.length) {
                out.write(block);
                written.addAndGet(block.length);
            }
        })));
        try (RawClient c = raw()) {
            c.socket.setReceiveBufferSize(64 * 1024);
            c.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            // Wait until the writer stops making progress: the socket buffers are full.
            long before;
            long after = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            do {
                before = after;
                Thread.sleep(200);
                after = written.get();
            } while ((after == 0 || after != before) && System.nanoTime() < deadline);
            assertThat(after).as("the writer stopped").isEqualTo(before);
            // socket buffers absorb a few MB, but the writer is held far short of the whole body
            assertThat(after).isPositive().isLessThan(total / 4);
            RawClient.Res r = c.read();
            assertThat(r.body().length).isEqualTo(total);
        }
        assertThat(written.get()).isEqualTo(total);
    }

    @Test
    void expectContinueGetsA100ThenTheResponse() throws Exception {
        start(app -> app.post("/up", req -> "got " + req.body().length));
        try (RawClient c = raw()) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Res cont = c.read();
            assertThat(cont.status()).isEqualTo(100);
            c.send("hello");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("got 5");
        }
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri("/up")).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("abc")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.body()).isEqualTo("got 3");
    }

    @Test
    void unknownExpectationIsRefused() throws Exception {
        start(app -> app.post("/up", req -> "never"));
        try (RawClient c = raw()) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: telepathy\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(417);
            assertThat(r.text()).contains("telepathy");
        }
    }

    @Test
    void jsonClientsGetCoreErrorsAsJson() throws Exception {
        start(config().maxBodySize(10), app -> app.post("/up", req -> "never"));
        try (RawClient c = raw()) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Length: 50\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.text()).isEqualTo(
                    "{\"error\":\"Request body larger than the limit of 10 bytes (maxBodySize)\",\"status\":413}");
        }
    }

    @Test
    void absoluteFormTargetsAndQueryStringsAreDispatched() throws Exception {
        start(app -> app.get("/q", req -> Map.of("a", req.query("a"))));
        try (RawClient c = raw()) {
            c.send("GET http://example.com/q?a=%C3%A9 HTTP/1.1\r\nHost: example.com\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("{\"a\":\"é\"}");
        }
    }

    @Test
    void aLateResponseDoesNotBlockOtherConnections() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(config().eventLoops(1), app -> {
            app.get("/wait", req -> {
                release.await(5, TimeUnit.SECONDS);
                return "waited";
            });
            app.getAsync("/now", req -> CompletableFuture.completedFuture("now"));
        });
        try (RawClient a = raw(); RawClient b = raw()) {
            a.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
            b.send("GET /now HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(b.read().text()).isEqualTo("now");
            release.countDown();
            assertThat(a.read().text()).isEqualTo("waited");
        }
        // both exchanges end (sent) once their writes complete
        assertThat(app.awaitIdle(java.time.Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void appAskingToCloseTheConnectionIsHonoured() throws Exception {
        start(app -> app.get("/last", req -> Response.text("last one").header("Connection", "close")));
        try (RawClient c = raw()) {
            c.send("GET /last HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.text()).isEqualTo("last one");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test
    void http10StreamIsDelimitedByClosingTheConnection() throws Exception {
        start(app -> app.get("/stream", req -> Response.stream("text/plain", out -> {
            out.write("one ".getBytes());
            out.flush();
            out.write("two".getBytes());
        })));
        try (RawClient c = raw()) {
            c.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Res r = c.read(); // no Content-Length, no chunks: read to EOF
            assertThat(r.statusLine()).startsWith("HTTP/1.0 200");
            assertThat(r.chunked()).isFalse();
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(r.text()).isEqualTo("one two");
        }
    }

    @Test
    void aClientPipeliningWithoutReadingIsStoppedAtTheLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(app -> app.get("/hold/{n}", req -> {
            release.await(10, TimeUnit.SECONDS);
            return "r" + req.pathParam("n");
        }));
        int limit = HttpConnection.MAX_PIPELINED;
        try (RawClient c = raw()) {
            StringBuilder first = new StringBuilder();
            for (int i = 0; i < limit; i++) first.append("GET /hold/").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            c.send(first.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (app.inFlight() < limit && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(app.inFlight()).isEqualTo(limit);
            for (int i = limit; i < limit + 10; i++) c.send("GET /hold/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(300);
            assertThat(app.inFlight()).as("no request beyond the limit is read meanwhile").isEqualTo(limit);
            release.countDown();
            for (int i = 0; i < limit + 10; i++) assertThat(c.read().text()).isEqualTo("r" + i);
        }
    }
}
