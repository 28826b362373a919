package dev.duet.netty;

import dev.duet.conformance.RawClient;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every limit of the config, enforced while reading, with a precise answer, then a close. */
class LimitsTest extends ServerTest {

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
            for (int i = 0; i < 5; i++) req.append("100\r\n").append("b".repeat(256)).append("\r\n"); // 5 x 256 bytes
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
    void headerBlockOverTheLimitIs431AndCloses() throws Exception {
        startSmall();
        try (RawClient c = raw()) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(2000) + "\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(431);
            assertThat(r.text()).isEqualTo("Request header block larger than the limit of 1024 bytes (maxHeaderSize)");
            assertThat(c.closedWithin(3000)).isTrue();
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
        try (RawClient c = raw()) { // refused before the line even ends
            c.send("GET /" + "u".repeat(400));
            assertThat(c.read().status()).isEqualTo(414);
        }
    }

    @Test
    void malformedRequestsAre400AndClose() throws Exception {
        startSmall();
        for (String bad : new String[] {
                "this is not http\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
                "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
                "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"}) {
            try (RawClient c = raw()) {
                c.send(bad);
                RawClient.Res r = c.read();
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.text()).as(bad).isNotBlank();
                assertThat(c.closedWithin(3000)).as(bad).isTrue();
            }
        }
    }

    @Test
    void errorsWaitForEarlierPipelinedResponses() throws Exception {
        startSmall();
        try (RawClient c = raw()) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /" + "u".repeat(400) + " HTTP/1.1\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("ok");
            assertThat(c.read().status()).isEqualTo(414);
        }
    }

    @Test
    void slowRequestIs408AfterTheReadTimeout() throws Exception {
        start(config().readTimeout(Duration.ofMillis(300)), app -> app.get("/", req -> "ok"));
        try (RawClient c = raw()) {
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
        start(config().readTimeout(Duration.ofMillis(300)), app -> app.get("/", req -> "ok"));
        try (RawClient c = raw()) {
            long t0 = System.nanoTime();
            String req = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: abcdefghijklmnopqrstuvwxyz\r\n\r\n";
            int sent = 0;
            try {
                for (; sent < req.length(); sent++) { // one byte every 50 ms: would take ~2.5 s
                    c.send(req.substring(sent, sent + 1));
                    Thread.sleep(50);
                    if (c.in().available() > 0) break;
                }
            } catch (java.io.IOException closed) {
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
        start(config().readTimeout(Duration.ofMillis(200)), app -> app.get("/slow", req -> {
            Thread.sleep(500); // longer than the read timeout: the request was read in time, so no 408
            return "done";
        }));
        try (RawClient c = raw()) {
            Thread.sleep(400); // idle, not reading: no 408
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("done");
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
    void idleTimeoutDoesNotCloseAConnectionWithARequestInProgress() throws Exception {
        start(config().idleTimeout(Duration.ofMillis(200)), app -> app.get("/slow", req -> {
            Thread.sleep(600);
            return "done";
        }));
        try (RawClient c = raw()) {
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("done");
            // and the idle clock restarts after the response
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("done");
        }
    }
}
