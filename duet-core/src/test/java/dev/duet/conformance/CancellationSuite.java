package dev.duet.conformance;

import ch.qos.logback.classic.Level;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

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

    @Test
    void disconnectInterruptsABlockingHandler() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        var server = serve(app -> app.get("/sleep", sleepsUntilInterrupted(started, interrupted)));
        try (RawClient c = connect(server)) {
            c.send(get("/sleep"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        } // closed here
        assertThat(interrupted.await(3, TimeUnit.SECONDS)).as("the handler's sleep was interrupted").isTrue();
        assertThat(server.app().awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void aClientThatGoesAwayIsOneQuietLineNotAnError() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (LogCapture log = LogCapture.of("dev.duet", Level.DEBUG)) {
            var server = serve(app -> app.get("/slow", sleepsUntilInterrupted(started, interrupted)));
            try (RawClient c = connect(server)) {
                c.send(get("/slow"));
                assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(interrupted.await(3, TimeUnit.SECONDS)).isTrue();
            assertThat(server.app().awaitIdle(Duration.ofSeconds(2))).isTrue();

            assertThat(log.events(e -> e.getLevel().isGreaterOrEqual(Level.WARN)))
                    .as("nothing went wrong: the client left").isEmpty();
            assertThat(log.events(e -> e.getFormattedMessage().contains("GET /slow")))
                    .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .singleElement().asString()
                    .startsWith("DEBUG The client of GET /slow [").endsWith("went away before its response; cancelling its work");
        }
    }

    @Test
    void aClientLeavingWhileTheTeardownHooksRunDoesNotInterruptThem() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CountDownLatch inTeardown = new CountDownLatch(1);
        java.util.concurrent.CompletableFuture<String> teardownEnded = new java.util.concurrent.CompletableFuture<>();
        var server = serve(app -> {
            app.get("/quick", req -> "quick");
            app.teardown((req, error) -> {
                inTeardown.countDown();
                try {
                    Thread.sleep(600); // say, writing an audit row
                    teardownEnded.complete("finished");
                } catch (InterruptedException e) {
                    teardownEnded.complete("interrupted");
                }
            });
        });
        try (RawClient c = connect(server)) {
            c.send(get("/quick"));
            assertThat(inTeardown.await(5, TimeUnit.SECONDS)).isTrue();
        } // the client leaves while the response waits for the teardown hook
        assertThat(teardownEnded.get(5, TimeUnit.SECONDS)).isEqualTo("finished");
        assertThat(server.app().awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void disconnectCancelsAnAsyncHandlersStageAndAnAsyncTeardownHookSeesIt() throws Exception {
        assertDisconnectCancelsTheStageAndReaches((app, teardownSaw) -> app.teardownAsync((req, err) -> {
            teardownSaw.complete(err);
            return CompletableFuture.completedFuture(null);
        }));
    }

    @Test
    void disconnectCancelsAnAsyncHandlersStageAndABlockingTeardownHookSeesIt() throws Exception {
        assertDisconnectCancelsTheStageAndReaches((app, teardownSaw) -> app.teardown((req, err) -> teardownSaw.complete(err)));
    }

    /**
     * Serves an app whose async handler waits 10 s on {@code tasks().delay}, with the teardown hook
     * that {@code teardown} registers (it completes the future it is given with the error it sees),
     * calls it and hangs up: the stage is cancelled, the hook sees the cancellation, the exchange ends.
     */
    private void assertDisconnectCancelsTheStageAndReaches(BiConsumer<App, CompletableFuture<Throwable>> teardown)
            throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> stageFailure = new CompletableFuture<>();
        CompletableFuture<Throwable> teardownSaw = new CompletableFuture<>();
        var server = serve(app -> {
            app.getAsync("/wait", req -> {
                started.countDown();
                return req.tasks().delay(Duration.ofSeconds(10))
                        .whenComplete((v, e) -> stageFailure.complete(e))
                        .thenApply(x -> "late");
            });
            teardown.accept(app, teardownSaw);
        });
        try (RawClient c = connect(server)) {
            c.send(get("/wait"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(stageFailure.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(teardownSaw.get(3, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(server.app().awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void disconnectAbortsPipelinedRequestsWaitingTheirTurn() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        assumeCapable(CONCURRENT_PIPELINING);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch fastAnswered = new CountDownLatch(1);
        var server = serve(app -> {
            app.get("/sleep", sleepsUntilInterrupted(started, interrupted));
            app.getAsync("/fast", req -> {
                fastAnswered.countDown();
                return CompletableFuture.completedFuture("fast");
            });
        });
        try (RawClient c = connect(server)) {
            c.send(get("/sleep") + get("/fast"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(fastAnswered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(c.readAvailable(100)).isEmpty(); // /fast is answered, but waits behind /sleep
            assertThat(server.app().inFlight()).isEqualTo(2);
        }
        assertThat(interrupted.await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(server.app().awaitIdle(Duration.ofSeconds(2))).as("both exchanges ended").isTrue();
    }

    @Test
    void disconnectIsNoticedOnAKeptAliveConnectionThatServedSlowRequestsBefore() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        var server = serve(app -> {
            app.get("/slow", req -> {
                Thread.sleep(120); // long enough to be watched, each time on the same connection
                return "slow";
            });
            app.get("/sleep", sleepsUntilInterrupted(started, interrupted));
        });
        try (RawClient c = connect(server)) {
            for (int i = 0; i < 3; i++) {
                c.send(get("/slow"));
                assertThat(c.read().text()).isEqualTo("slow");
            }
            c.send(get("/sleep"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100); // a core may watch a busy connection only after a moment (Jetty's: 50 ms)
        }
        assertThat(interrupted.await(3, TimeUnit.SECONDS)).as("the handler's sleep was interrupted").isTrue();
        assertThat(server.app().awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void disconnectStopsAStreamingBody() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        var server = serve(app -> app.get("/events", req -> Response.stream("text/event-stream", out -> {
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
        })));
        try (LogCapture log = LogCapture.of("dev.duet", Level.WARN)) {
            try (RawClient c = connect(server)) {
                c.send(get("/events"));
                assertThat(streaming.await(5, TimeUnit.SECONDS)).isTrue();
                assertThat(c.line()).isEqualTo(statusLine(200));
            }
            assertThat(stopped.await(3, TimeUnit.SECONDS)).as("the stream body stopped").isTrue();
            assertThat(server.app().awaitIdle(Duration.ofSeconds(2))).isTrue();
            // (Tomcat recycles the response of a client that left: the core's last write then fails
            // inside the container, which is the client leaving, not an error of the app's.)
            assertThat(log.events()).extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .as("the client left: nothing went wrong").isEmpty();
        }
    }

    /**
     * Issue 16's scene: a load generator stops (or times out) with many requests in flight and
     * every one of its clients leaves at once, half with a reset, some while their request is
     * still read, some while it sleeps, some while it is answered. Nothing is logged above DEBUG
     * by Duet or by the container, and on a core that notices a disconnect each request whose
     * client left before its answer was ready is one DEBUG line: counted, not an error each.
     */
    @Test
    void manyClientsLeavingAtOnceLogNothingAboveDebug() throws Exception {
        int n = 40;
        boolean notices = harness.lacks(NOTICES_DISCONNECTS) == null;
        CountDownLatch started = new CountDownLatch(n);
        AtomicInteger answered = new AtomicInteger();
        // A core that notices disconnects interrupts the sleep; one that cannot sees each sleep out.
        Harness.Client server;
        try (LogCapture all = LogCapture.of(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.WARN);
             LogCapture duet = LogCapture.of("dev.duet", Level.DEBUG)) {
            server = serve(app -> {
                app.get("/slow", req -> {
                    started.countDown();
                    Thread.sleep(notices ? 10_000 : 200);
                    answered.incrementAndGet();
                    return "woke up";
                });
                app.getAsync("/quick", req -> CompletableFuture.completedFuture(Response.text("quick")));
            });
            List<RawClient> sleeping = new ArrayList<>();
            for (int i = 0; i < n; i++) sleeping.add(connect(server).send(get("/slow")));
            List<RawClient> others = new ArrayList<>();
            for (int i = 0; i < n / 2; i++) {
                RawClient c = connect(server);
                // half leave before their request is whole, half right after a request answered at once
                c.send(i % 2 == 0 ? "GET /quick HTTP/1.1\r\nHo" : get("/quick"));
                others.add(c);
            }
            assertThat(started.await(10, TimeUnit.SECONDS)).as("every slow request is being handled").isTrue();
            for (int i = 0; i < sleeping.size(); i++) {
                if (i % 2 == 0) sleeping.get(i).socket.setSoLinger(true, 0); // a reset, as from a killed client
                sleeping.get(i).close();
            }
            for (RawClient c : others) {
                c.socket.setSoLinger(true, 0);
                c.close();
            }
            assertThat(server.app().awaitIdle(Duration.ofSeconds(5))).as("every exchange ended").isTrue();

            assertThat(all.events()).extracting(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage())
                    .as("nothing went wrong: the clients left").isEmpty();
            long wentAway = duet.events(e -> e.getFormattedMessage().startsWith("The client of GET /slow")
                    && e.getFormattedMessage().endsWith("went away before its response; cancelling its work")).size();
            if (notices) {
                assertThat(wentAway).as("one DEBUG line per request left behind").isEqualTo(n);
                assertThat(answered).hasValue(0);
            } else {
                assertThat(answered).as("each sleep ran out; the answer found no client").hasValue(n);
            }
        }
        // and the server serves the next client as before
        try (RawClient c = connect(server)) {
            assertThat(c.send(get("/quick")).read().text()).isEqualTo("quick");
        }
    }

    @Test
    void unnoticedDisconnectLetsTheWorkRunToItsEndThenTheExchangeEndsWithTheWrite() throws Exception {
        assumeLacking(NOTICES_DISCONNECTS);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        var server = serve(app -> app.get("/sleep", req -> {
            started.countDown();
            Thread.sleep(300);
            finished.countDown();
            return "woke up";
        }));
        try (RawClient c = connect(server)) {
            c.send(get("/sleep"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(finished.await(5, TimeUnit.SECONDS)).as("the handler ran to its end").isTrue();
        assertThat(server.app().awaitIdle(Duration.ofSeconds(3))).as("and the exchange ended with the write").isTrue();
    }
}
