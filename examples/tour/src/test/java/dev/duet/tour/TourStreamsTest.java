package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.db.Database;
import dev.duet.sse.Event;
import dev.duet.test.TestClient;
import dev.duet.test.TestEvents;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tour's streaming stops through the in-process test client: /events, /progress/{n}, /streams. */
class TourStreamsTest {
    private App app;
    private TestClient client;

    @BeforeEach
    void start() {
        app = App.create(Config.defaults());
        new Tour(Database.connect("sqlite::memory:")).register(app);
        client = TestClient.of(app);
    }

    @AfterEach
    void stop() {
        client.close();
        app.stop();
    }

    @Test
    void eventsTicksOnceASecondEachTickNumberedAsItsId() {
        try (TestEvents events = client.events("/events")) {
            assertThat(events.header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
            Event first = events.next();
            long start = System.nanoTime();
            Event second = events.next();
            long between = (System.nanoTime() - start) / 1_000_000;
            assertThat(first.name()).isEqualTo("tick");
            assertThat(first.data()).isEqualTo("tick 1");
            assertThat(first.id()).isEqualTo("1");
            assertThat(second.data()).isEqualTo("tick 2");
            assertThat(between).as("ticks are a second apart, give or take").isGreaterThan(Streams.TICK_MILLIS / 2);
        }
    }

    @Test
    void eventsResumesAfterTheLastEventIdABrowserSendsBack() {
        try (TestEvents events = client.events(TestRequest.get("/events").header("Last-Event-ID", "41"))) {
            assertThat(events.next().data()).isEqualTo("tick 42");
        }
        try (TestEvents events = client.events(TestRequest.get("/events").header("Last-Event-ID", "not a number"))) {
            assertThat(events.next().data()).as("an id it did not send starts again").isEqualTo("tick 1");
        }
    }

    @Test
    void progressReportsTheWorkStepByStepThenItsResultAndEnds() {
        try (TestEvents events = client.events("/progress/4")) {
            List<String> progress = new ArrayList<>();
            Event e;
            while ((e = events.next()).name().equals("progress")) progress.add(e.data());
            assertThat(progress).containsExactly("5", "10", "15", "20", "25", "30", "35", "40", "45", "50", "100");
            assertThat(e.name()).isEqualTo("result");
            assertThat(e.data()).startsWith("{\"n\":4,\"count\":10000,\"ms\":");
            assertThat(events.awaitEnd(Duration.ofSeconds(5))).as("the stream ends after the result").isTrue();
        }
    }

    @Test
    void progressOfAnExponentOutOfRangeIsA400BeforeAnyStream() {
        TestResponse res = client.get("/progress/99");
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.text()).contains("Path parameter &#39;n&#39; must be an integer from 0 to 8");
    }

    @Test
    void theStreamsPageWatchesBothStreamsWithAScriptTheCspAllows() {
        TestResponse res = client.get("/streams");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).contains("new EventSource('/events')", "new EventSource('/progress/6')");
        String csp = res.header("Content-Security-Policy");
        String nonce = res.text().replaceAll("(?s).*<script nonce=\"([^\"]+)\">.*", "$1");
        assertThat(csp).contains("'nonce-" + nonce + "'");
    }
}
