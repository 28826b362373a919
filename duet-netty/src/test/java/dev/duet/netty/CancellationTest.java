package dev.duet.netty;

import dev.duet.conformance.RawClient;

import dev.duet.Response;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that goes away cancels the work of its requests. */
class CancellationTest extends ServerTest {

    @Test
    void disconnectInterruptsABlockingHandler() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        start(app -> app.get("/sleep", req -> {
            started.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "woke up";
        }));
        try (RawClient c = raw()) {
            c.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        } // closed here
        assertThat(interrupted.await(3, TimeUnit.SECONDS)).as("the handler's sleep was interrupted").isTrue();
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void disconnectCancelsAnAsyncHandlersStage() throws Exception {
        CompletableFuture<Throwable> stageFailure = new CompletableFuture<>();
        CompletableFuture<Throwable> teardownSaw = new CompletableFuture<>();
        startWaiting(stageFailure, app -> app.teardownAsync((req, err) -> {
            teardownSaw.complete(err);
            return CompletableFuture.completedFuture(null);
        }));
        assertThat(stageFailure.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(teardownSaw.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    /**
     * The brief's spelling, a blocking teardown hook. It fails today because of a duet-core bug:
     * {@code Call.hop()} calls {@code checkCancelled()} before running <em>any</em> work, so the
     * blocking teardown steps that {@code Call.conclude()} runs for a cancelled request (they need a
     * hop off the event loop) throw CancellationException instead of running.
     */
    @Test
    void disconnectReachesABlockingTeardownHook() throws Exception {
        CompletableFuture<Throwable> stageFailure = new CompletableFuture<>();
        CompletableFuture<Throwable> teardownSaw = new CompletableFuture<>();
        startWaiting(stageFailure, app -> app.teardown((req, err) -> teardownSaw.complete(err)));
        assertThat(stageFailure.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(teardownSaw.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    }

    /** Starts an app whose async handler waits 10 s on {@code tasks().delay}, calls it, and hangs up. */
    private void startWaiting(CompletableFuture<Throwable> stageFailure, java.util.function.Consumer<dev.duet.App> hooks)
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        start(app -> {
            app.getAsync("/wait", req -> {
                started.countDown();
                return req.tasks().delay(Duration.ofSeconds(10))
                        .whenComplete((v, e) -> stageFailure.complete(e))
                        .thenApply(x -> "late");
            });
            hooks.accept(app);
        });
        try (RawClient c = raw()) {
            c.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void disconnectAbortsPipelinedRequestsWaitingTheirTurn() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch fastAnswered = new CountDownLatch(1);
        start(app -> {
            app.get("/sleep", req -> {
                started.countDown();
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
                return "woke up";
            });
            app.getAsync("/fast", req -> {
                fastAnswered.countDown();
                return CompletableFuture.completedFuture("fast");
            });
        });
        try (RawClient c = raw()) {
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
    void disconnectInterruptsAStreamingBody() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        start(app -> app.get("/events", req -> Response.stream("text/event-stream", out -> {
            try {
                while (true) {
                    out.write("data: tick\n\n".getBytes());
                    out.flush();
                    streaming.countDown();
                    Thread.sleep(50);
                }
            } catch (InterruptedException | InterruptedIOException e) {
                stopped.countDown();
            } catch (java.io.IOException e) {
                stopped.countDown(); // the write noticed first
            }
        })));
        try (RawClient c = raw()) {
            c.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(streaming.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(c.line()).isEqualTo("HTTP/1.1 200 OK");
        }
        assertThat(stopped.await(3, TimeUnit.SECONDS)).as("the stream body stopped").isTrue();
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }
}
