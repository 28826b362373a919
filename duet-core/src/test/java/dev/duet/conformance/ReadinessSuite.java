package dev.duet.conformance;

import dev.duet.App;
import dev.duet.ops.Health;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.duet.conformance.Harness.Capability.GRACEFUL_STOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Readiness on a real core during a stop ({@link Health}, {@code shutdownReadinessDelay}): ready
 * answers 200, then as soon as the stop begins 503 while live still answers 200 and new
 * connections are still accepted; a request in flight finishes; only after the delay does the
 * core stop accepting.
 */
public abstract class ReadinessSuite extends WireSuite {

    protected ReadinessSuite(Harness harness) {
        super(harness);
    }

    private static RawClient.Res fetch(App app, String path) throws Exception {
        try (RawClient c = new RawClient(app.port())) {
            c.send(get(path));
            return c.read();
        }
    }

    @Test
    void readinessFailsFirstThenTheServerServesOnForTheDelayThenDrainsAndCloses() throws Exception {
        assumeCapable(GRACEFUL_STOP);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var server = serve(c -> c.shutdownGrace(Duration.ofSeconds(5)).shutdownReadinessDelay(Duration.ofSeconds(1)), app -> {
            Health.install(app);
            app.get("/slow", req -> {
                started.countDown();
                release.await(5, TimeUnit.SECONDS);
                return "slow";
            });
        });
        App app = server.app();
        int port = app.port();
        assertThat(fetch(app, "/health/ready").status()).isEqualTo(200);

        try (RawClient inFlight = connect(server)) {
            inFlight.send(get("/slow"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
            while (!app.lifecycle().stopping()) Thread.sleep(5);

            RawClient.Res ready = fetch(app, "/health/ready");
            assertThat(ready.status()).as("readiness flips first").isEqualTo(503);
            assertThat(ready.text()).contains("\"STOPPING\"");
            assertThat(fetch(app, "/health/live").status()).as("liveness holds, and new connections are still accepted").isEqualTo(200);
            assertThat(stopping).as("the stop waits out the readiness delay").isNotDone();

            release.countDown();
            RawClient.Res slow = inFlight.read();
            assertThat(slow.status()).isEqualTo(200);
            assertThat(slow.text()).isEqualTo("slow");
            stopping.get(10, TimeUnit.SECONDS);
        }
        assertThat(app.lifecycle().stopped()).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void withoutAReadinessEndpointAStopDoesNotWaitTheDelay() throws Exception {
        assumeCapable(GRACEFUL_STOP);
        // A delay far longer than the test's bound: had the stop waited it, the get below would time out.
        var server = serve(c -> c.shutdownReadinessDelay(Duration.ofMinutes(10)), app -> app.get("/x", req -> "x"));
        App app = server.app();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
        stopping.get(10, TimeUnit.SECONDS);
        assertThat(app.lifecycle().stopped()).isTrue();
    }
}
