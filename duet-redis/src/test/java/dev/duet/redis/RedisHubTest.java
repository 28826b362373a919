package dev.duet.redis;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.hub.Hub;
import dev.duet.hub.Membership;
import dev.duet.sse.EventStream;
import dev.duet.test.TestClient;
import dev.duet.test.TestEvents;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis hub against the real Redis on 127.0.0.1:6379: two hubs (two instances of an app) on
 * one Redis share broadcasts and presence; an instance that stops refreshing stops counting; an
 * SSE stream of one app receives what another app broadcasts. Each test has its own prefix.
 */
class RedisHubTest {
    private static final String REDIS = "redis://127.0.0.1:6379";
    private final String prefix = "duet-test:hub:" + UUID.randomUUID() + ":";
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) c.close();
    }

    private Hub hub() {
        Hub hub = RedisHub.connect(REDIS, prefix, Duration.ofSeconds(30));
        closing.add(hub);
        return hub;
    }

    @Test
    void theGuidesExample() throws Exception {
        App app = App.create(Config.defaults());
        // snippet: hub-redis
        Hub hub = RedisHub.connect("redis://127.0.0.1:6379");  // every instance of the app connects to the same Redis
        app.onStop(hub::close);
        // end snippet
        try {
            assertThat(hub.presence("nobody-here-" + UUID.randomUUID()).toCompletableFuture().get(5, TimeUnit.SECONDS)).isZero();
        } finally {
            hub.close();
        }
    }

    private static void eventually(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 5 s: " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void aBroadcastOnOneInstanceReachesTheMembersOfEvery() throws Exception {
        Hub a = hub();
        Hub b = hub();
        List<String> onA = new CopyOnWriteArrayList<>();
        List<String> onB = new CopyOnWriteArrayList<>();
        List<String> elsewhere = new CopyOnWriteArrayList<>();
        a.join("lobby", onA::add).ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
        b.join("lobby", onB::add).ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
        b.join("kitchen", elsewhere::add).ready().toCompletableFuture().get(5, TimeUnit.SECONDS);

        a.broadcast("lobby", "hello from a").toCompletableFuture().get(5, TimeUnit.SECONDS);
        b.broadcast("lobby", "hello from b");

        eventually(() -> onB.size() == 2 && onA.size() == 2, "both messages on both instances");
        assertThat(onB).containsExactly("hello from a", "hello from b");
        assertThat(onA).as("the sender's own members, in Redis's order").containsExactly("hello from a", "hello from b");
        assertThat(elsewhere).isEmpty();
    }

    @Test
    void aMemberThatLeftReceivesNothingFromTheOtherInstance() throws Exception {
        Hub a = hub();
        Hub b = hub();
        List<String> onB = new CopyOnWriteArrayList<>();
        List<String> stays = new CopyOnWriteArrayList<>();
        Membership m = b.join("lobby", onB::add);
        m.ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
        a.join("lobby", stays::add).ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
        m.leave();
        a.broadcast("lobby", "after b left");
        eventually(() -> stays.size() == 1, "the message on a");
        Thread.sleep(100);
        assertThat(onB).isEmpty();
    }

    @Test
    void presenceAddsUpTheMembersOfEveryInstance() throws Exception {
        Hub a = hub();
        Hub b = hub();
        a.join("lobby", msg -> true);
        a.join("lobby", msg -> true);
        Membership onB = b.join("lobby", msg -> true);
        eventually(() -> a.presence("lobby").toCompletableFuture().join() == 3, "3 members seen from a");
        assertThat(b.presence("lobby").toCompletableFuture().join()).isEqualTo(3);
        onB.leave();
        eventually(() -> a.presence("lobby").toCompletableFuture().join() == 2, "2 once b's left");
        b.close();
        assertThat(a.presence("lobby").toCompletableFuture().join()).isEqualTo(2);
    }

    @Test
    void theCountOfAnInstanceThatStoppedRefreshingIsNoLongerBelieved() throws Exception {
        Hub a = hub();
        a.join("lobby", msg -> true);
        RedisClient admin = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> c = admin.connect()) {
            String key = prefix + "presence:lobby";
            c.sync().hset(key, "a-dead-instance", "5:" + (System.currentTimeMillis() - 1));
            eventually(() -> a.presence("lobby").toCompletableFuture().join() == 1, "only the live member");
            eventually(() -> !c.sync().hexists(key, "a-dead-instance"), "the dead count removed");
        } finally {
            admin.shutdown();
        }
    }

    @Test
    void anEventStreamOfOneAppReceivesWhatAnotherAppBroadcasts() throws Exception {
        Hub hubOfA = hub();
        Hub hubOfB = hub();
        App a = App.create(Config.defaults());
        a.post("/say", req -> hubOfA.broadcast("lobby", req.bodyText()).thenApply(v -> "sent").toCompletableFuture().join());
        App b = App.create(Config.defaults());
        b.get("/lobby", req -> EventStream.push(sink -> {
            Membership m = hubOfB.join("lobby", sink);
            sink.onClose(m::leave);
            m.ready().thenRun(() -> sink.send("joined"));
        }));
        try (TestClient clientA = TestClient.of(a); TestClient clientB = TestClient.of(b);
             TestEvents events = clientB.events("/lobby")) {
            assertThat(events.next().data()).isEqualTo("joined");
            assertThat(clientA.post("/say", "hi from app a", "text/plain").text()).isEqualTo("sent");
            assertThat(events.next().data()).isEqualTo("hi from app a");
            events.close();
            eventually(() -> hubOfB.localCount("lobby") == 0, "the closed stream left the room");
        }
    }
}
