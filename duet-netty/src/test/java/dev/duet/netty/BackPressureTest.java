package dev.duet.netty;

import dev.duet.Response;
import dev.duet.conformance.RawClient;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-pressure on the Netty core: a client that does not read holds back a streamed body, and one
 * that pipelines without reading stops being read at {@link HttpConnection#MAX_PIPELINED}. The rest
 * of HTTP/1.1 on the wire is the conformance suites' (NettyConnectionTest and the others).
 */
class BackPressureTest extends ServerTest {

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
