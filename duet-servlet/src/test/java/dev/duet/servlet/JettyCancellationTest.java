package dev.duet.servlet;

import dev.duet.conformance.RawClient;

import dev.duet.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that goes away cancels the work of its request, with either threading. */
class JettyCancellationTest extends JettyTest {

    @ParameterizedTest
    @EnumSource(DuetServlet.Threading.class)
    void disconnectInterruptsABlockingHandler(DuetServlet.Threading threading) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        start(config(), threading, app -> app.get("/sleep", req -> {
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

    @ParameterizedTest
    @EnumSource(DuetServlet.Threading.class)
    void disconnectCancelsAnAsyncHandlersStage(DuetServlet.Threading threading) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> stageFailure = new CompletableFuture<>();
        CompletableFuture<Throwable> teardownSaw = new CompletableFuture<>();
        start(config(), threading, app -> {
            app.getAsync("/wait", req -> {
                started.countDown();
                return req.tasks().delay(Duration.ofSeconds(10))
                        .whenComplete((v, e) -> stageFailure.complete(e))
                        .thenApply(x -> "late");
            });
            app.teardownAsync((req, err) -> {
                teardownSaw.complete(err);
                return CompletableFuture.completedFuture(null);
            });
        });
        try (RawClient c = raw()) {
            c.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        }
        if (threading == DuetServlet.Threading.VIRTUAL) {
            assertThat(stageFailure.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            assertThat(teardownSaw.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        } else {
            // Inline, today's duet-core waits for the stage on Jetty's thread instead of suspending;
            // the disconnect interrupts that wait, and the request ends with it.
            assertThat(teardownSaw.get(3, TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DuetServlet.Threading.class)
    void disconnectStopsAStreamingBody(DuetServlet.Threading threading) throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        start(config(), threading, app -> app.get("/events", req -> Response.stream("text/event-stream", out -> {
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

    @org.junit.jupiter.api.Test
    void disconnectIsNoticedOnAKeptAliveConnectionThatServedSlowRequestsBefore() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        start(app -> {
            app.get("/slow", req -> {
                Thread.sleep(120); // long enough to be watched, each time on the same connection
                return "slow";
            });
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
        });
        try (RawClient c = raw()) {
            for (int i = 0; i < 3; i++) {
                c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(c.read().text()).isEqualTo("slow");
            }
            c.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(2 * DisconnectWatch.DELAY_MILLIS);
        }
        assertThat(interrupted.await(3, TimeUnit.SECONDS)).as("the handler's sleep was interrupted").isTrue();
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }
}
