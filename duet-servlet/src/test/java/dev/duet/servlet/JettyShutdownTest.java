package dev.duet.servlet;

import dev.duet.conformance.RawClient;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graceful shutdown on the Jetty core: in-flight requests finish, idle connections close, nothing new is accepted. */
class JettyShutdownTest extends JettyTest {

    @Test
    void inFlightRequestFinishesThenNewConnectionsAreRefused() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        start(app -> app.get("/slow", req -> {
            started.countDown();
            Thread.sleep(500);
            return "finished";
        }));
        int port = port();
        try (RawClient c = raw(); RawClient idle = raw()) {
            idle.send("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(idle.read().status()).isEqualTo(404); // a kept-alive connection, now idle
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);

            assertThat(idle.closedWithin(2000)).as("an idle keep-alive connection is closed at once").isTrue();
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("finished");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();

            stopping.get(5, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void graceBoundsTheWaitForStuckRequests() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        start(config().shutdownGrace(Duration.ofMillis(300)), app -> app.get("/stuck", req -> {
            started.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "never";
        }));
        try (RawClient c = raw()) {
            c.send("GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            app.stop();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2500);
            assertThat(c.closedWithin(1000)).isTrue();
        }
        assertThat(interrupted.await(3, TimeUnit.SECONDS)).as("closing its connection cancelled the stuck request").isTrue();
    }

    @Test
    void stopIsIdempotentAndEndsJettysThreads() throws Exception {
        start(app -> app.get("/", req -> "ok"));
        assertThat(get("/").body()).isEqualTo("ok");
        app.stop();
        app.stop();
        Thread.sleep(100);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("duet-jetty") && t.isAlive() && !t.isVirtual());
    }
}
