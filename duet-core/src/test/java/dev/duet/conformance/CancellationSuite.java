package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.duet.conformance.Harness.Capability.CONCURRENT_PIPELINING;
import static dev.duet.conformance.Harness.Capability.NOTICES_DISCONNECTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that goes away cancels the work of its requests: a blocking handler is interrupted,
 * an async stage cancelled, a streamed body stopped, the teardown hooks see the cancellation, and
 * the exchange ends. A core that cannot notice a disconnect while the request is handled (the
 * plain Servlet API) still ends the exchange when the response cannot be written.
 */
public abstract class CancellationSuite extends WireSuite {

    protected CancellationSuite(Harness harness) {
        super(harness);
    }

    /** A blocking handler that counts down {@code started}, then sleeps 10 s unless interrupted. */
    private static dev.duet.Handler sleeper(CountDownLatch started, CountDownLatch interrupted) {
        return req -> {
            started.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "woke up";
        };
    }

    @Test
    void disconnectInterruptsABlockingHandler() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        App app = newApp();
        app.get("/sleep", sleeper(started, interrupted));
        var server = serve(app);
        try (RawClient c = connect(server)) {
            c.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        } // closed here
        assertThat(interrupted.await(3, TimeUnit.SECONDS)).as("the handler's sleep was interrupted").isTrue();
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void disconnectCancelsAnAsyncHandlersStageAndAnAsyncTeardownHookSeesIt() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CompletableFuture<Throwable> stageFailure = new CompletableFuture<>();
        CompletableFuture<Throwable> teardownSaw = new CompletableFuture<>();
        App app = serveWaitingAndHangUp(stageFailure, a -> a.teardownAsync((req, err) -> {
            teardownSaw.complete(err);
            return CompletableFuture.completedFuture(null);
        }));
        assertThat(stageFailure.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(teardownSaw.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void disconnectCancelsAnAsyncHandlersStageAndABlockingTeardownHookSeesIt() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CompletableFuture<Throwable> stageFailure = new CompletableFuture<>();
        CompletableFuture<Throwable> teardownSaw = new CompletableFuture<>();
        App app = serveWaitingAndHangUp(stageFailure, a -> a.teardown((req, err) -> teardownSaw.complete(err)));
        assertThat(stageFailure.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(teardownSaw.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    /** Serves an app whose async handler waits 10 s on {@code tasks().delay}, calls it, and hangs up. */
    private App serveWaitingAndHangUp(CompletableFuture<Throwable> stageFailure, Consumer<App> hooks) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        App app = newApp();
        app.getAsync("/wait", req -> {
            started.countDown();
            return req.tasks().delay(Duration.ofSeconds(10))
                    .whenComplete((v, e) -> stageFailure.complete(e))
                    .thenApply(x -> "late");
        });
        hooks.accept(app);
        var server = serve(app);
        try (RawClient c = connect(server)) {
            c.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        }
        return app;
    }

    @Test
    void disconnectAbortsPipelinedRequestsWaitingTheirTurn() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        assumeCapable(CONCURRENT_PIPELINING);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch fastAnswered = new CountDownLatch(1);
        App app = newApp();
        app.get("/sleep", sleeper(started, interrupted));
        app.getAsync("/fast", req -> {
            fastAnswered.countDown();
            return CompletableFuture.completedFuture("fast");
        });
        var server = serve(app);
        try (RawClient c = connect(server)) {
            c.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(fastAnswered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(c.readAvailable(100)).isEmpty(); // /fast is answered, but waits behind /sleep
            assertThat(app.inFlight()).isEqualTo(2);
        }
        assertThat(interrupted.await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).as("both exchanges ended").isTrue();
    }

    @Test
    void disconnectIsNoticedOnAKeptAliveConnectionThatServedSlowRequestsBefore() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        App app = newApp();
        app.get("/slow", req -> {
            Thread.sleep(120); // long enough to be watched, each time on the same connection
            return "slow";
        });
        app.get("/sleep", sleeper(started, interrupted));
        var server = serve(app);
        try (RawClient c = connect(server)) {
            for (int i = 0; i < 3; i++) {
                c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(c.read().text()).isEqualTo("slow");
            }
            c.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100); // a core may watch a busy connection only after a moment (Jetty's: 50 ms)
        }
        assertThat(interrupted.await(3, TimeUnit.SECONDS)).as("the handler's sleep was interrupted").isTrue();
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void disconnectStopsAStreamingBody() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        App app = newApp();
        app.get("/events", req -> Response.stream("text/event-stream", out -> {
            try {
                while (true) {
                    out.write("data: tick\n\n".getBytes());
                    out.flush();
                    streaming.countDown();
                    Thread.sleep(50);
                }
            } catch (InterruptedException | InterruptedIOException e) {
                stopped.countDown();
            } catch (IOException e) {
                stopped.countDown(); // the write noticed first
            }
        }));
        var server = serve(app);
        try (RawClient c = connect(server)) {
            c.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(streaming.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(c.line()).isEqualTo(statusLine(200));
        }
        assertThat(stopped.await(3, TimeUnit.SECONDS)).as("the stream body stopped").isTrue();
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void unnoticedDisconnectLetsTheWorkRunToItsEndThenTheExchangeEndsWithTheWrite() throws Exception {
        assumeLacking(NOTICES_DISCONNECTS);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        App app = newApp();
        app.get("/sleep", req -> {
            started.countDown();
            Thread.sleep(300);
            finished.countDown();
            return "woke up";
        });
        var server = serve(app);
        try (RawClient c = connect(server)) {
            c.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(finished.await(5, TimeUnit.SECONDS)).as("the handler ran to its end").isTrue();
        assertThat(app.awaitIdle(Duration.ofSeconds(3))).as("and the exchange ended with the write").isTrue();
    }
}
