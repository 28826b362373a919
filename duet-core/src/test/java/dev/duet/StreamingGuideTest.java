package dev.duet;

import dev.duet.conformance.DocSnippets;
import dev.duet.hub.Hub;
import dev.duet.hub.Membership;
import dev.duet.sse.Event;
import dev.duet.sse.EventStream;
import dev.duet.test.TestClient;
import dev.duet.test.TestEvents;
import dev.duet.test.TestRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/streaming.md, each run through the test client, and the check that the
 * guide shows exactly this code (with duet-redis's RedisHubTest, which holds the Redis hub
 * example). {@code SseSuite} holds every core to the behaviour.
 */
class StreamingGuideTest {
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stopAll() {
        clients.forEach(TestClient::close);
    }

    private TestClient client(App app) {
        TestClient c = TestClient.of(app);
        clients.add(c);
        return c;
    }

    /** A stand-in for a source of updates that calls its listeners from its own thread. */
    static final class Prices {
        private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

        Runnable subscribe(Consumer<String> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void publish(String price) {
            listeners.forEach(l -> l.accept(price));
        }

        int subscribers() {
            return listeners.size();
        }
    }

    static App clock(App app) {
        // snippet: sse-blocking
        app.get("/clock", req -> EventStream.blocking(events -> {
            while (true) {                                    // ends when the client leaves: send fails, sleep is interrupted
                events.send(Event.of("time", LocalTime.now().withNano(0)));
                Thread.sleep(1000);
            }
        }));
        // end snippet
        return app;
    }

    @Test
    void aBlockingStreamTicksUntilTheClientLeaves() throws Exception {
        try (TestEvents events = client(clock(App.create(Config.defaults()))).events("/clock")) {
            Event first = events.next();
            assertThat(first.name()).isEqualTo("time");
            assertThat(LocalTime.parse(first.data())).isNotNull();
        }
    }

    static App prices(App app, Prices prices) {
        // snippet: sse-push
        app.getAsync("/prices", req -> CompletableFuture.completedFuture(EventStream.push(sink -> {
            Runnable unsubscribe = prices.subscribe(price -> sink.send(Event.of("price", price)));  // any thread, never blocks
            sink.onClose(unsubscribe);                        // runs as soon as the client leaves
        })));
        // end snippet
        return app;
    }

    @Test
    void aPushStreamSendsWhatItsSourcePublishesAndUnsubscribesWhenTheClientLeaves() throws Exception {
        Prices prices = new Prices();
        TestEvents events = client(prices(App.create(Config.defaults()), prices)).events("/prices");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (prices.subscribers() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
        prices.publish("42.10");
        assertThat(events.next().data()).isEqualTo("42.10");
        events.close();
        while (prices.subscribers() > 0 && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(prices.subscribers()).as("onClose unsubscribed").isZero();
    }

    static App formats(App app) {
        // snippet: sse-events
        app.get("/feed", req -> EventStream.blocking(events -> {
            String since = events.lastEventId();             // the Last-Event-ID of a browser reconnecting, or null
            events.send(Event.comment("resuming after " + since));
            events.send(Event.data("first line\nsecond line").name("note").id("43").retry(Duration.ofSeconds(5)));
        }));
        // end snippet
        return app;
    }

    @Test
    void eventsCarryNameIdRetryAndLinesAndTheLastEventIdIsReadable() throws Exception {
        TestClient client = client(formats(App.create(Config.defaults())));
        try (TestEvents events = client.events(TestRequest.get("/feed").header("Last-Event-ID", "42"))) {
            Event note = events.next();
            assertThat(note.data()).isEqualTo("first line\nsecond line");
            assertThat(note.name()).isEqualTo("note");
            assertThat(note.id()).isEqualTo("43");
            assertThat(note.retry()).isEqualTo(Duration.ofSeconds(5));
            assertThat(events.comments()).containsExactly("resuming after 42");
        }
    }

    @Test
    void testingAStream() throws Exception {
        App app = clock(App.create(Config.defaults()));
        // snippet: sse-testing
        try (TestClient client = TestClient.of(app);
             TestEvents events = client.events("/clock")) {   // GET with Accept: text/event-stream
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
            Event first = events.next();                      // waits up to the client's timeout
            assertThat(first.name()).isEqualTo("time");
        }                                                     // closing it is the client leaving
        // end snippet
    }

    @Test
    void theSettings() {
        // snippet: sse-settings
        Config config = Config.builder()
                .sseKeepAlive(Duration.ofSeconds(15))         // a comment after 15 s without an event
                .sseMaxQueued(1024 * 1024)                    // a push stream may hold 1 MiB for a slow client...
                .sseQueueGrace(Duration.ofSeconds(5))         // ...for 5 s, then it is closed
                .build();
        // end snippet
        Config defaults = Config.defaults();
        assertThat(config.sseKeepAlive()).as("the defaults").isEqualTo(defaults.sseKeepAlive());
        assertThat(config.sseMaxQueued()).isEqualTo(defaults.sseMaxQueued());
        assertThat(config.sseQueueGrace()).isEqualTo(defaults.sseQueueGrace());
    }

    static App chat(App app, Hub hub) {
        // snippet: hub-chat
        app.get("/chat/{room}/events", req -> EventStream.push(sink -> {
            Membership membership = hub.join(req.pathParam("room"), sink);   // an EventSink is a hub Member
            sink.onClose(membership::leave);
        }));
        app.postAsync("/chat/{room}", req -> hub.broadcast(req.pathParam("room"), req.bodyText())
                .thenApply(sent -> Response.noContent()));
        app.getAsync("/chat/{room}/presence", req -> hub.presence(req.pathParam("room"))
                .thenApply(count -> java.util.Map.of("members", count)));
        // end snippet
        return app;
    }

    @Test
    void aChatRoomOnTheHub() throws Exception {
        Hub hub = Hub.inMemory();
        TestClient client = client(chat(App.create(Config.defaults()), hub));
        try (TestEvents ada = client.events("/chat/tea/events"); TestEvents bob = client.events("/chat/tea/events")) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (hub.localCount("tea") < 2 && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(client.get("/chat/tea/presence").jsonMap()).containsEntry("members", 2);
            assertThat(client.post("/chat/tea", "hello", "text/plain").status()).isEqualTo(204);
            assertThat(ada.next().data()).isEqualTo("hello");
            assertThat(bob.next().data()).isEqualTo("hello");
        }
    }

    @Test
    void docsShowExactlyTheCodeTestedHere() {
        DocSnippets.assertGuideShowsExactly("docs/streaming.md", "duet-core/src/test/java/dev/duet/StreamingGuideTest.java",
                "duet-redis/src/test/java/dev/duet/redis/RedisHubTest.java", "duet-core/src/test/java/dev/duet/WebSocketGuideTest.java");
    }
}
