package dev.duet.servlet;

import dev.duet.conformance.RawClient;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each limit of the config on the Jetty core: the Netty core's answers, then a close. */
class JettyLimitsTest extends JettyTest {

    private void startSmall() {
        start(config().maxBodySize(1024).maxHeaderSize(1024).maxUriLength(256), app -> {
            app.post("/up", req -> "got " + req.body().length);
            app.get("/", req -> "ok");
        });
    }

    @Test
    void bodyOverTheLimitByContentLengthIs413AndCloses() throws Exception {
        startSmall();
        try (RawClient c = raw()) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n" + "a".repeat(2048));
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.text()).isEqualTo("Request body larger than the limit of 1024 bytes (maxBodySize)");
            assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void bodyAtTheLimitIsAccepted() throws Exception {
        startSmall();
        try (RawClient c = raw()) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n" + "a".repeat(1024));
            assertThat(c.read().text()).isEqualTo("got 1024");
        }
    }

    @Test
    void chunkedBodyGrowingOverTheLimitIs413AndCloses() throws Exception {
        startSmall();
        try (RawClient c = raw()) {
            StringBuilder req = new StringBuilder("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 5; i++) req.append("100\r\n").append("b".repeat(256)).append("\r\n");
            req.append("0\r\n\r\n");
            c.send(req.toString());
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.text()).isEqualTo("Request body larger than the limit of 1024 bytes (maxBodySize)");
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void expectContinueOverTheLimitIs413WithoutReadingTheBody() throws Exception {
        startSmall();
        try (RawClient c = raw()) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Res r = c.read(); // no 100 Continue first: the final answer at once
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.text()).contains("maxBodySize");
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void expectContinueUnderTheLimitGetsA100ThenTheResponse() throws Exception {
        startSmall();
        try (RawClient c = raw()) {
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.line()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(c.line()).isEmpty();
            c.send("hello");
            assertThat(c.read().text()).isEqualTo("got 5");
        }
    }

    @Test
    void headerBlockOverTheLimitIs431AndCloses() throws Exception {
        startSmall();
        for (String extra : new String[] {"X-Big: " + "h".repeat(2000) + "\r\n", "X-Mid: " + "h".repeat(1100) + "\r\n"}) {
            try (RawClient c = raw()) {
                c.send("GET / HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n");
                RawClient.Res r = c.read();
                assertThat(r.status()).isEqualTo(431);
                assertThat(r.text()).isEqualTo("Request header block larger than the limit of 1024 bytes (maxHeaderSize)");
                assertThat(c.closedWithin(3000)).isTrue();
            }
        }
        try (RawClient c = raw()) { // many small headers add up too
            StringBuilder req = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 100; i++) req.append("X-H").append(i).append(": 0123456789\r\n");
            c.send(req.append("\r\n").toString());
            assertThat(c.read().status()).isEqualTo(431);
        }
    }

    @Test
    void requestLineOverTheLimitIs414AndCloses() throws Exception {
        startSmall();
        try (RawClient c = raw()) {
            c.send("GET /" + "u".repeat(400) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(414);
            assertThat(r.text()).isEqualTo("Request line longer than the limit of 256 bytes (maxUriLength)");
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void malformedRequestsAre400AndClose() throws Exception {
        startSmall();
        for (String bad : new String[] {
                "this is not http\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
                "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"}) {
            try (RawClient c = raw()) {
                c.send(bad);
                RawClient.Res r = c.read();
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.text()).as(bad).startsWith("Malformed HTTP request");
                assertThat(c.closedWithin(3000)).as(bad).isTrue();
            }
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(config().idleTimeout(Duration.ofMillis(300)), app -> app.get("/", req -> "ok"));
        try (RawClient c = raw()) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("ok");
            long t0 = System.nanoTime();
            assertThat(c.closedWithin(3000)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(200L, 2000L);
        }
        try (RawClient c = raw()) { // a connection that never sends anything is closed too
            assertThat(c.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void idleTimeoutDoesNotCutARequestInProgressOfEitherThreading() throws Exception {
        for (DuetServlet.Threading threading : DuetServlet.Threading.values()) {
            start(config().idleTimeout(Duration.ofMillis(200)), threading, app -> {
                app.get("/slow", req -> {
                    Thread.sleep(600);
                    return "done";
                });
                app.getAsync("/slow-async", req -> req.tasks().delay(Duration.ofMillis(600)).thenApply(x -> "done"));
            });
            // A connection per request: between requests a kept-alive connection is idle, and a
            // client slowed down by a busy machine could rightly lose it to the 200 ms timeout.
            for (String path : new String[] {"/slow", "/slow-async"}) {
                try (RawClient c = raw()) {
                    c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                    RawClient.Res r;
                    try {
                        r = c.read();
                    } catch (java.io.IOException e) {
                        throw new AssertionError(threading + " " + path + ": " + e, e);
                    }
                    assertThat(r.status()).as(threading + " " + path).isEqualTo(200);
                    assertThat(r.text()).isEqualTo("done");
                }
            }
            app.stop();
        }
    }
}
