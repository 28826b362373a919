package dev.duet;

import dev.duet.conformance.DocSnippets;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The examples of docs/rate-limiting.md run through the test client, the in-memory store's bounds
 * checked directly, and the check that the guide shows exactly this code (and duet-redis's RedisRateLimitDocsTest's Redis example). (The conformance suite,
 * {@code RateLimitSuite}, holds every core to the behaviour.)
 */
class RateLimitGuideTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final List<App> apps = new ArrayList<>();
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stopAll() {
        clients.forEach(TestClient::close);
        apps.forEach(App::stop);
    }

    private TestClient client(App app) {
        apps.add(app);
        TestClient c = TestClient.of(app);
        clients.add(c);
        return c;
    }

    // snippet: ratelimit-app
    static App limitedApp() {
        App app = App.create();
        // each client address: bursts of 20 requests, then 5 a second
        app.use(RateLimit.perClient(20, 5, Duration.ofSeconds(1)));
        app.get("/", req -> "hello");
        return app;
    }
    // end snippet

    // snippet: ratelimit-scopes
    static App scopedApp() {
        App app = App.create();
        app.group("/api", api -> {
            // each API key: 100 requests a minute; no key, no limit here (the next line limits those)
            api.use(RateLimit.perKey(req -> req.header("X-Api-Key"), 100, 100, Duration.ofMinutes(1)));
            api.use(RateLimit.perClient(30, 30, Duration.ofMinutes(1)));
            api.get("/items", req -> "items");
        });
        // one instance on two routes: together they share each client's 5 tries per 15 minutes
        RateLimit attempts = RateLimit.perClient(5, 5, Duration.ofMinutes(15));
        app.post("/login", req -> "signed in").use(attempts);
        app.post("/password-reset", req -> "mail sent").use(attempts);
        return app;
    }
    // end snippet

    // snippet: ratelimit-store
    static RateLimit smallFootprint() {
        // remember at most 10,000 clients; a new one past that makes the least recently seen forget
        return RateLimit.perClient(10, 1, Duration.ofSeconds(6)).store(RateLimit.inMemory(10_000));
    }
    // end snippet

    @Test
    void aClientGetsItsBurstThenA429() {
        TestClient client = client(limitedApp());
        for (int i = 0; i < 20; i++) assertThat(client.get("/").status()).as("request %d", i).isEqualTo(200);
        TestResponse refused = client.send(TestRequest.get("/").header("Accept", "application/json"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.text()).contains("Too many requests: this client may make 20 at once and 5 more every 1s");
    }

    @Test
    void scopes() {
        App app = scopedApp();
        TestClient client = client(app);
        for (int i = 0; i < 30; i++) {
            assertThat(client.send(TestRequest.get("/api/items").header("X-Api-Key", "k" + i)).status()).isEqualTo(200);
        }
        // 30 requests from one address used up the per-client limit whatever the keys said
        assertThat(client.send(TestRequest.get("/api/items").header("X-Api-Key", "fresh")).status()).isEqualTo(429);
    }

    @Test
    void theStoreSnippetKeepsItsLimit() {
        RateLimit limit = smallFootprint();
        assertThat(limit.limit()).isEqualTo(new RateLimit.Limit(10, 1, Duration.ofSeconds(6)));
    }

    @Test
    void aFloodOfNewKeysStopsAtTheBound() {
        var store = (RateLimit.MemoryStore) RateLimit.inMemory(1_000);
        var limit = new RateLimit.Limit(1, 1, Duration.ofHours(1));
        for (int i = 0; i < 100_000; i++) assertThat(store.take("10.1." + i, limit, T0)).isZero();
        assertThat(store.size()).isEqualTo(1_000);
        // the most recent are still remembered and limited
        assertThat(store.take("10.1.99999", limit, T0)).isEqualTo(Duration.ofHours(1));
        assertThat(store.size()).isEqualTo(1_000);
    }

    @Test
    void refilledBucketsAreForgottenFirst() {
        var store = (RateLimit.MemoryStore) RateLimit.inMemory(10);
        var limit = new RateLimit.Limit(2, 1, Duration.ofSeconds(10));
        for (String k : List.of("a", "b", "c")) assertThat(store.take(k, limit, T0)).isZero();
        assertThat(store.take("busy", limit, T0.plusSeconds(5))).isZero();
        assertThat(store.take("busy", limit, T0.plusSeconds(5))).isZero();
        assertThat(store.size()).isEqualTo(4);
        // at +10 s a, b and c are full again (one token spent, 10 s per token); busy is not
        assertThat(store.take("new", limit, T0.plusSeconds(10))).isZero();
        assertThat(store.size()).isEqualTo(2);
        // busy spent both tokens at +5 s and is still remembered: half a token back at +10 s
        assertThat(store.take("busy", limit, T0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(5));
        assertThat(store.take("busy", limit, T0.plusSeconds(15))).isZero();
        assertThat(store.take("busy", limit, T0.plusSeconds(15))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theAppClockDrivesRefill() {
        var clock = new Clock() {
            Instant now = T0;

            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now; }
        };
        App app = App.create().clock(clock);
        app.use(RateLimit.perClient(1, 1, Duration.ofSeconds(2)));
        app.get("/", req -> "ok");
        TestClient client = client(app);
        assertThat(client.get("/").status()).isEqualTo(200);
        assertThat(client.get("/").header("Retry-After")).isEqualTo("2");
        clock.now = T0.plusSeconds(2);
        assertThat(client.get("/").status()).isEqualTo(200);
    }

    @Test
    void badLimitsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> RateLimit.perClient(0, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rate limit capacity must be at least 1, got 0");
        assertThatThrownBy(() -> RateLimit.perClient(1, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rate limit refill must be at least 1, got 0");
        assertThatThrownBy(() -> RateLimit.perClient(1, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rate limit period must be positive, got PT0S");
        assertThatThrownBy(() -> RateLimit.perClient(1, 1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> RateLimit.perClient(1, 10, Duration.ofNanos(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finer than a nanosecond");
        assertThatThrownBy(() -> RateLimit.perClient(1_000_000, 1, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes over 36500 days to refill");
        assertThat(RateLimit.perClient(1_000, 1, Duration.ofDays(1)).limit().capacity()).isEqualTo(1_000);
        assertThatThrownBy(() -> RateLimit.perKey(null, 1, 1, Duration.ofSeconds(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RateLimit.inMemory(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxKeys must be at least 1, got 0");
    }

    @Test
    void theGuideShowsExactlyTheCodeTestedHere() {
        // the Redis store's example is run by duet-redis's RedisRateLimitDocsTest against the real Redis
        DocSnippets.assertGuideShowsExactly("docs/rate-limiting.md", "duet-core/src/test/java/dev/duet/RateLimitGuideTest.java",
                "duet-redis/src/test/java/dev/duet/redis/RedisRateLimitDocsTest.java");
    }
}
