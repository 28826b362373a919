package dev.duet.conformance;

import ch.qos.logback.classic.Level;
import dev.duet.App;
import dev.duet.sse.Event;
import dev.duet.sse.EventSink;
import dev.duet.sse.EventStream;
import dev.duet.sse.Events;
import dev.duet.test.TestEvents;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static dev.duet.conformance.Harness.Capability.NOTICES_DISCONNECTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server-Sent Events on every core: blocking and push streams, the wire format, keep-alives,
 * {@code Last-Event-ID}, no compression, a client that goes away closing the stream without
 * waiting for an event, sends after the close failing fast, the queue limit, and an event stream
 * being an ordinary route (middleware and sessions apply).
 */
public abstract class SseSuite extends ConformanceSuite {
    private static final Duration WAIT = Duration.ofSeconds(10);

    protected SseSuite(Harness harness) {
        super(harness);
    }

    private Harness.Client serve(UnaryOperator<dev.duet.Config.Builder> tune, Consumer<App> routes) {
        App app = newApp(tune);
        routes.accept(app);
        return serve(app);
    }

    private TestEvents open(Harness.Client server, String path) throws IOException {
        return SseClient.open(harness, server, path, Map.of());
    }

    @Test
    void aBlockingStreamSendsItsEventsAsTheyComeWithTheEventStreamHeaders() throws Exception {
        var server = serve(c -> c, app -> app.get("/ticks", req -> EventStream.blocking(events -> {
            for (int n = 1; n <= 3; n++) {
                events.send("tick " + n);
                Thread.sleep(20);
            }
        })));
        try (TestEvents events = open(server, "/ticks")) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.header("Content-Type")).isEqualTo(contentType("text/event-stream; charset=utf-8"));
            assertThat(events.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(events.header("X-Accel-Buffering")).isEqualTo("no");
            assertThat(events.next(3)).extracting(Event::data).containsExactly("tick 1", "tick 2", "tick 3");
            assertThat(events.awaitEnd(WAIT)).as("the stream ends when the source returns").isTrue();
        }
    }

    @Test
    void anAsyncHandlerReturnsAPushStreamFedFromAnotherThread() throws Exception {
        var server = serve(c -> c, app -> app.getAsync("/pushed", req -> CompletableFuture.completedFuture(
                EventStream.push(sink -> Thread.ofVirtual().start(() -> {
                    for (int n = 1; n <= 3; n++) sink.send(Event.of("progress", n * 10));
                    sink.send(Event.of("done", "result"));
                    sink.complete();
                })))));
        try (TestEvents events = open(server, "/pushed")) {
            assertThat(events.status()).isEqualTo(200);
            List<Event> got = events.next(4);
            assertThat(got).extracting(Event::name).containsExactly("progress", "progress", "progress", "done");
            assertThat(got).extracting(Event::data).containsExactly("10", "20", "30", "result");
            assertThat(events.awaitEnd(WAIT)).as("complete() ends the stream").isTrue();
        }
    }

    @Test
    void eventsKeepTheirNameIdRetryCommentsAndEveryLineOfTheirData() throws Exception {
        var server = serve(c -> c, app -> app.get("/formatted", req -> EventStream.blocking(events -> {
            events.send(Event.comment("hello"));
            events.send(Event.data("line one\nline two\r\nline three").name("multi").id("7").retry(Duration.ofMillis(2500)));
            events.send(Event.data(" leading space"));
            events.send(Event.data(""));
        })));
        try (TestEvents events = open(server, "/formatted")) {
            Event multi = events.next();
            assertThat(multi.data()).isEqualTo("line one\nline two\nline three");
            assertThat(multi.name()).isEqualTo("multi");
            assertThat(multi.id()).isEqualTo("7");
            assertThat(multi.retry()).isEqualTo(Duration.ofMillis(2500));
            assertThat(events.next().data()).isEqualTo(" leading space");
            assertThat(events.next().data()).as("an empty data line is an event").isEmpty();
            assertThat(events.comments()).contains("hello");
        }
    }

    @Test
    void aQuietStreamSendsKeepAliveComments() throws Exception {
        var server = serve(c -> c.sseKeepAlive(Duration.ofMillis(100)), app -> app.get("/quiet",
                req -> EventStream.push(sink -> sink.send("first"))));
        try (TestEvents events = open(server, "/quiet")) {
            assertThat(events.next().data()).isEqualTo("first");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (events.comments().size() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(events.comments()).hasSizeGreaterThanOrEqualTo(2).allMatch("keep-alive"::equals);
        }
    }

    @Test
    void theLastEventIdTheClientSendsIsReadable() throws Exception {
        var server = serve(c -> c, app -> app.get("/resume", req -> {
            String fromHandler = EventStream.lastEventId(req);
            return EventStream.blocking(events -> events.send(fromHandler + "/" + events.lastEventId()));
        }));
        try (TestEvents events = SseClient.open(harness, server, "/resume", Map.of("Last-Event-ID", "41"))) {
            assertThat(events.next().data()).isEqualTo("41/41");
        }
        try (TestEvents events = open(server, "/resume")) {
            assertThat(events.next().data()).as("a first connection has none").isEqualTo("null/null");
        }
    }

    @Test
    void anEventStreamIsNeverCompressed() throws Exception {
        String big = SseClient.text(8 * 1024);
        var server = serve(c -> c, app -> app.get("/big", req -> EventStream.blocking(events -> events.send(big))));
        try (TestEvents events = SseClient.open(harness, server, "/big", Map.of("Accept-Encoding", "gzip"))) {
            assertThat(events.header("Content-Encoding")).isNull();
            assertThat(events.next().data()).isEqualTo(big);
        }
    }

    @Test
    void aClientThatGoesAwayClosesAPushStreamWithoutWaitingForAnEvent() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<EventSink> sinkRef = new AtomicReference<>();
        var server = serve(c -> c, app -> app.get("/watch", req -> EventStream.push(sink -> {
            sinkRef.set(sink);
            sink.onClose(closed::countDown);
            sink.send("hello");
        })));
        TestEvents events = open(server, "/watch");
        assertThat(events.next().data()).isEqualTo("hello");
        long left;
        try (LogCapture errors = LogCapture.of("dev.duet", Level.ERROR)) {
            left = System.nanoTime();
            events.close();
            assertThat(closed.await(5, TimeUnit.SECONDS)).as("onClose ran with no event sent").isTrue();
            assertThat(server.app().awaitIdle(Duration.ofSeconds(5))).as("the request ended").isTrue();
            assertThat(errors.events()).as("a client going away is no error").isEmpty();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - left);
        // Relative to the keep-alive (15 s by default): the close was noticed, not found by a write.
        assertThat(took).isLessThan(server.app().config().sseKeepAlive().dividedBy(3));
        assertThat(sinkRef.get().isOpen()).isFalse();
        assertThat(sinkRef.get().send("too late")).as("a send after the close fails at once").isFalse();
    }

    @Test
    void aClientThatGoesAwayInterruptsABlockingSourceAndItsNextSendFails() throws Exception {
        assumeCapable(NOTICES_DISCONNECTS);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Events> eventsRef = new AtomicReference<>();
        var server = serve(c -> c, app -> app.get("/sleepy", req -> EventStream.blocking(events -> {
            eventsRef.set(events);
            events.onClose(closed::countDown);
            events.send("hello");
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        })));
        TestEvents events = open(server, "/sleepy");
        assertThat(events.next().data()).isEqualTo("hello");
        events.close();
        assertThat(closed.await(5, TimeUnit.SECONDS)).as("onClose ran").isTrue();
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the source's sleep was interrupted").isTrue();
        assertThatThrownBy(() -> eventsRef.get().send("too late")).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void onACoreThatCannotWatchTheConnectionTheKeepAliveFindsTheClientGone() throws Exception {
        assumeLacking(NOTICES_DISCONNECTS);
        CountDownLatch closed = new CountDownLatch(1);
        var server = serve(c -> c.sseKeepAlive(Duration.ofMillis(100)), app -> app.get("/watch", req -> EventStream.push(sink -> {
            sink.onClose(closed::countDown);
            sink.send("hello");
        })));
        TestEvents events = open(server, "/watch");
        assertThat(events.next().data()).isEqualTo("hello");
        events.close();
        assertThat(closed.await(10, TimeUnit.SECONDS)).as("a keep-alive write failed, closing the stream").isTrue();
    }

    @Test
    void aPushStreamWhoseClientFallsTooFarBehindIsClosedAndLoggedOnce() throws Exception {
        // Named as the warning names them: the stream's own WARN is the one line; the core ends the
        // response quietly (StreamAbandoned) and closes the connection.
        assumeOverHttp(); // in process the client reads as fast as the stream writes
        String chunk = SseClient.text(64 * 1024);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Long> maxQueued = new AtomicReference<>(0L);
        try (LogCapture log = LogCapture.of("dev.duet", Level.WARN)) {
            var server = serve(c -> c.sseMaxQueued(256 * 1024).sseQueueGrace(Duration.ofMillis(300)),
                    app -> app.get("/flood", req -> EventStream.push(sink -> {
                        sink.onClose(closed::countDown);
                        Thread.ofVirtual().start(() -> {
                            for (int i = 0; i < 20_000 && sink.send(chunk); i++) {
                                maxQueued.accumulateAndGet(sink.queuedBytes(), Math::max);
                                if (sink.queuedBytes() > 256 * 1024) sleep(10);
                            }
                        });
                    })));
            try (RawClient never = new RawClient(server.app().port())) { // asks, then never reads: the buffers fill up
                never.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(closed.await(20, TimeUnit.SECONDS)).as("the stream closed").isTrue();
            }
            assertThat(maxQueued.get()).as("the app saw the queue grow").isGreaterThan(256 * 1024);
            assertThat(log.events(e -> e.getFormattedMessage().contains("sseMaxQueued"))).hasSize(1);
            assertThat(log.events()).as("one warning, and no error from the core: the stream gave up on purpose")
                    .extracting(e -> e.getLevel().toString()).containsExactly("WARN");
        }
    }

    @Test
    void aStreamOutlivesTheRequestTimeoutWhichBoundsOnlyTheHandlersChain() throws Exception {
        var server = serve(c -> c.requestTimeout(Duration.ofMillis(200)), app -> app.get("/long", req -> EventStream.blocking(events -> {
            for (int n = 1; n <= 4; n++) {
                events.send("tick " + n);
                Thread.sleep(150);
            }
        })));
        try (TestEvents events = open(server, "/long")) {
            assertThat(events.next(4)).extracting(Event::data).containsExactly("tick 1", "tick 2", "tick 3", "tick 4");
            assertThat(events.awaitEnd(WAIT)).isTrue();
        }
    }

    @Test
    void anEventStreamIsAnOrdinaryRouteMiddlewareAndSessionsApply() throws Exception {
        var server = serve(c -> c.secrets(dev.duet.Secrets.of("an-sse-suite-key-of-32-bytes-or-more!")), app -> {
            app.use((dev.duet.Middleware) (req, next) -> next.proceed().header("X-Middleware", "saw it"));
            app.get("/login", req -> {
                req.session().put("user", "ada");
                return "ok";
            });
            app.get("/me", req -> {
                String user = req.session().get("user");
                return EventStream.blocking(events -> events.send("user " + user));
            });
        });
        ClientResponse login = server.get("/login");
        String cookie = login.header("Set-Cookie").split(";", 2)[0];
        try (TestEvents events = SseClient.open(harness, server, "/me", Map.of("Cookie", cookie))) {
            assertThat(events.header("X-Middleware")).isEqualTo("saw it");
            assertThat(events.next().data()).isEqualTo("user ada");
        }
    }

    @Test
    void aHeadRequestGetsTheHeadersAndNeverStartsTheSource() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        var server = serve(c -> c, app -> app.get("/head", req -> EventStream.blocking(events -> started.countDown())));
        ClientResponse res = server.send(ClientRequest.of("HEAD", "/head"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Content-Type")).isEqualTo(contentType("text/event-stream; charset=utf-8"));
        assertThat(started.await(300, TimeUnit.MILLISECONDS)).isFalse();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
