package dev.duet.test;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.internal.HeaderList;
import dev.duet.sse.Event;
import dev.duet.sse.EventStream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test client's event reader: the standard's parsing rules, timeouts, streams that are not streams. */
class TestEventsTest {
    private static TestEvents fed(String wire) throws Exception {
        TestEvents events = new TestEvents(200, new HeaderList(), Duration.ofMillis(200), () -> { });
        byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) events.input().write(b); // byte by byte: pieces never line up with events
        events.ended();
        return events;
    }

    @Test
    void readsEventsAsABrowserDoes() throws Exception {
        TestEvents events = fed(": hi\r\nid: 1\r\nevent: a\r\ndata: x\r\ndata:y\r\nretry: 10\r\nfoo: ignored\r\n\r\n"
                + "data\n\n" + "event: only a name\n\n" + "data: last\rdata: é\r\r");
        Event first = events.next();
        assertThat(first.id()).isEqualTo("1");
        assertThat(first.name()).isEqualTo("a");
        assertThat(first.data()).isEqualTo("x\ny");
        assertThat(first.retry()).isEqualTo(Duration.ofMillis(10));
        assertThat(events.next().data()).as("a field without a colon has an empty value").isEmpty();
        assertThat(events.next().data()).as("an event without data is not dispatched").isEqualTo("last\né");
        assertThat(events.comments()).containsExactly("hi");
        assertThatThrownBy(events::next).isInstanceOf(AssertionError.class).hasMessageContaining("ended");
    }

    @Test
    void waitingForAnEventThatDoesNotComeFailsTheTest() {
        TestEvents events = new TestEvents(200, new HeaderList(), Duration.ofMillis(50), () -> { });
        assertThatThrownBy(events::next).isInstanceOf(AssertionError.class).hasMessageContaining("no event within");
    }

    @Test
    void aRouteThatAnswersWithoutAStreamGivesItsStatusAndNoEvents() {
        App app = App.create(Config.defaults());
        app.get("/nope", req -> { throw new dev.duet.HttpError(401, "log in first"); });
        app.get("/ok", req -> EventStream.blocking(events -> events.send("one")));
        try (TestClient client = TestClient.of(app)) {
            try (TestEvents events = client.events("/nope")) {
                assertThat(events.status()).isEqualTo(401);
                assertThat(events.awaitEnd(Duration.ofSeconds(1))).isTrue();
            }
            try (TestEvents events = client.events("/ok")) {
                assertThat(events.next().data()).isEqualTo("one");
            }
        }
    }

    @Test
    void closingTheClientLeavesTheStreamsItStillHasOpen() throws Exception {
        App app = App.create(Config.defaults());
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        app.get("/forever", req -> EventStream.push(sink -> {
            sink.onClose(closed::countDown);
            sink.send("hello");
        }));
        TestClient client = TestClient.of(app);
        TestEvents events = client.events("/forever");
        assertThat(events.next().data()).isEqualTo("hello");
        client.close();
        assertThat(closed.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the stream's onClose ran").isTrue();
        assertThat(events.awaitEnd(Duration.ofSeconds(5))).isTrue();
    }
}
