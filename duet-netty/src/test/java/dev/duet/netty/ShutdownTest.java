package dev.duet.netty;

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

/** Graceful shutdown: in-flight requests finish, idle connections close, nothing new is accepted. */
class ShutdownTest extends ServerTest {

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
    void requestArrivingDuringShutdownIsAnsweredWithConnectionClose() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        start(app -> {
            app.get("/slow", req -> {
                started.countDown();
                Thread.sleep(400);
                return "slow";
            });
            app.get("/quick", req -> "quick");
        });
        try (RawClient busy = raw(); RawClient other = raw()) {
            other.send("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(other.read().header("Connection")).isNull();
            // keep `other` busy too, so shutdown does not close it as idle
            other.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
            Thread.sleep(100);
            // a pipelined request arrives on an open connection while draining: still answered
            busy.send("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res first = busy.read();
            assertThat(first.text()).isEqualTo("slow");
            assertThat(first.header("Connection")).isNull(); // another response follows on this connection
            RawClient.Res second = busy.read();
            assertThat(second.text()).isEqualTo("quick");
            assertThat(second.header("Connection")).isEqualTo("close");
            assertThat(other.read().header("Connection")).isEqualTo("close");
            stopping.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void graceBoundsTheWaitForStuckRequests() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        start(config().shutdownGrace(Duration.ofMillis(300)), app -> app.get("/stuck", req -> {
            started.countDown();
            Thread.sleep(10_000);
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
    }

    @Test
    void stopIsIdempotentAndEndsTheEventLoops() throws Exception {
        start(app -> app.get("/", req -> "ok"));
        assertThat(get("/").body()).isEqualTo("ok");
        app.stop();
        app.stop();
        NettyServer server = (NettyServer) new NettyCore().start(dev.duet.App.create(config().build()));
        server.stop(Duration.ofSeconds(1));
        server.stop(Duration.ofSeconds(1));
        Thread.sleep(100);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("duet-loop-") && t.isAlive());
    }
}
