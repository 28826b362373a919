package dev.duet.conformance;

import dev.duet.App;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.duet.conformance.Harness.Capability.ANSWERS_PIPELINED_REQUESTS_WHILE_DRAINING;
import static dev.duet.conformance.Harness.Capability.GRACEFUL_STOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Graceful shutdown ({@link App#stop()}): nothing new is accepted, idle connections close at
 * once, in-flight requests finish within {@code shutdownGrace} and their responses say
 * {@code Connection: close}; whatever is still running when the grace is over is cut off.
 */
public abstract class ShutdownSuite extends WireSuite {

    protected ShutdownSuite(Harness harness) {
        super(harness);
    }

    /** An app (grace 5 s) whose {@code /slow} counts down {@code started}, then takes {@code millis}. */
    private Harness.Client serveSlow(CountDownLatch started, long millis) {
        return serve(c -> c.shutdownGrace(Duration.ofSeconds(5)), app -> {
            app.get("/slow", req -> {
                started.countDown();
                Thread.sleep(millis);
                return "slow";
            });
            app.get("/quick", req -> "quick");
        });
    }

    @Test
    void inFlightRequestFinishesIdleConnectionsCloseAndNewConnectionsAreRefused() throws Exception {
        assumeCapable(GRACEFUL_STOP);
        CountDownLatch started = new CountDownLatch(1);
        var server = serveSlow(started, 300);
        App app = server.app();
        int port = app.port();
        try (RawClient c = connect(server); RawClient fresh = connect(server); RawClient keptAlive = connect(server)) {
            keptAlive.send(get("/quick"));
            assertThat(keptAlive.read().text()).isEqualTo("quick"); // a kept-alive connection, now idle
            c.send(get("/slow"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);

            assertThat(fresh.closedWithin(2000)).as("a connection that never sent a request is closed at once").isTrue();
            assertThat(keptAlive.closedWithin(2000)).as("an idle keep-alive connection is closed at once").isTrue();
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("slow");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();

            stopping.get(5, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void requestPipelinedWhileDrainingIsAnsweredWithConnectionClose() throws Exception {
        assumeCapable(ANSWERS_PIPELINED_REQUESTS_WHILE_DRAINING);
        CountDownLatch started = new CountDownLatch(2);
        var server = serveSlow(started, 400);
        try (RawClient busy = connect(server); RawClient other = connect(server)) {
            other.send(get("/quick"));
            assertThat(other.read().header("Connection")).isNull();
            // keep `other` busy too, so shutdown does not close it as idle
            other.send(get("/slow"));
            busy.send(get("/slow"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server.app()::stop);
            Thread.sleep(100);
            // a pipelined request arrives on an open connection while draining: still answered
            busy.send(get("/quick"));
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
    void graceBoundsTheWaitForStuckRequestsThenTheirWorkIsCancelled() throws Exception {
        assumeCapable(GRACEFUL_STOP);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        var server = serve(c -> c.shutdownGrace(Duration.ofMillis(300)),
                app -> app.get("/stuck", sleepsUntilInterrupted(started, interrupted)));
        try (RawClient c = connect(server)) {
            c.send(get("/stuck"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            server.app().stop();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2500);
            assertThat(c.closedWithin(1000)).isTrue();
        }
        assertThat(interrupted.await(3, TimeUnit.SECONDS)).as("closing its connection cancelled the stuck request").isTrue();
    }

    @Test
    void stopCalledOnAnEventLoopStillLetsInFlightRequestsEndBeforeTheStopHooks() throws Exception {
        assumeCapable(GRACEFUL_STOP);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Integer> inFlightAtStopHook = new CompletableFuture<>();
        var server = serve(c -> c.shutdownGrace(Duration.ofSeconds(5)), app -> {
            app.get("/slow", req -> {
                started.countDown();
                Thread.sleep(300);
                return "slow";
            });
            app.onStop(() -> inFlightAtStopHook.complete(app.inFlight()));
        });
        App app = server.app();
        try (RawClient c = connect(server)) {
            c.send(get("/slow"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            // Duet's timer thread is marked as an event loop: the stop must not run its course there.
            app.tasks().delay(Duration.ofMillis(1)).thenRun(app::stop);
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("slow");
        }
        assertThat(inFlightAtStopHook.get(10, TimeUnit.SECONDS)).as("requests in flight when the stop hooks ran").isZero();
    }
}
