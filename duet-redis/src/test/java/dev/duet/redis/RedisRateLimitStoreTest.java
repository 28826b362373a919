package dev.duet.redis;

import ch.qos.logback.classic.Level;
import dev.duet.App;
import dev.duet.Config;
import dev.duet.RateLimit;
import dev.duet.conformance.LogCapture;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis rate-limit store against the real Redis on 127.0.0.1:6379: two apps sharing one limit,
 * refill and Retry-After by the app's clock, keys that expire when their bucket is full, the same
 * answers as the in-memory store, the script reloaded after a flush, and both answers to a Redis
 * that is down or hangs. Each test uses its own key prefix.
 */
class RedisRateLimitStoreTest {
    static final String REDIS = "redis://127.0.0.1:6379";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final String prefix = "duet-test:rl:" + UUID.randomUUID() + ":";
    private RedisClient admin;
    private StatefulRedisConnection<String, String> adminConnection;
    private RedisCommands<String, String> redis;
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** A clock the test moves; never slept on. */
    static final class MovableClock extends Clock {
        private volatile Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @BeforeEach
    void connect() {
        admin = RedisClient.create(REDIS);
        adminConnection = admin.connect();
        redis = adminConnection.sync();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : closing.reversed()) c.close();
        List<String> keys = redis.keys(prefix + "*");
        if (!keys.isEmpty()) redis.del(keys.toArray(String[]::new));
        adminConnection.close();
        admin.shutdown();
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    private RedisRateLimitStore store() {
        return closeLater(RedisRateLimitStore.connect(REDIS, prefix));
    }

    /** One server of the app: its own connection to Redis, its own app, the shared clock. */
    private TestClient server(Clock clock, RedisRateLimitStore store, int capacity, int refill, Duration per) {
        App app = App.create(Config.builder().build()).clock(clock);
        app.use(RateLimit.perClient(capacity, refill, per).store(store));
        app.get("/", req -> "ok");
        closeLater(app::stop);
        return closeLater(TestClient.of(app));
    }

    private static TestResponse get(TestClient client) {
        return client.send(TestRequest.get("/").header("Accept", "application/json"));
    }

    @Test
    void twoServersShareOneLimit() {
        var clock = new MovableClock();
        TestClient a = server(clock, store(), 4, 1, Duration.ofSeconds(10));
        TestClient b = server(clock, store(), 4, 1, Duration.ofSeconds(10));
        assertThat(get(a).status()).isEqualTo(200);
        assertThat(get(b).status()).isEqualTo(200);
        assertThat(get(a).status()).isEqualTo(200);
        assertThat(get(b).status()).isEqualTo(200);
        // four taken between them: both refuse now, as one server would
        assertThat(get(a).status()).isEqualTo(429);
        assertThat(get(b).status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(10));
        assertThat(get(b).status()).isEqualTo(200);
        assertThat(get(a).status()).as("the one token back went to b").isEqualTo(429);
    }

    @Test
    void retryAfterAndRefillFollowTheAppClock() {
        var clock = new MovableClock();
        TestClient client = server(clock, store(), 2, 1, Duration.ofSeconds(10));
        assertThat(get(client).status()).isEqualTo(200);
        assertThat(get(client).status()).isEqualTo(200);
        TestResponse refused = get(client);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("10");
        assertThat(refused.text()).contains("this client may make 2 at once and 1 more every 10s; try again in 10 seconds");
        clock.advance(Duration.ofMillis(9_500));
        assertThat(get(client).header("Retry-After")).as("half a second, rounded up").isEqualTo("1");
        clock.advance(Duration.ofMillis(500));
        assertThat(get(client).status()).isEqualTo(200);
        assertThat(get(client).status()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(5));
        assertThat(get(client).status()).isEqualTo(200);
        assertThat(get(client).status()).isEqualTo(200);
        assertThat(get(client).status()).isEqualTo(429);
    }

    @Test
    void aKeyExpiresWhenItsBucketIsFull() {
        RedisRateLimitStore store = store();
        var limit = new RateLimit.Limit(3, 1, Duration.ofSeconds(10));
        assertThat(store.take("10.0.0.1", limit, T0)).isZero();
        assertThat(redis.get(prefix + "10.0.0.1")).isEqualTo(Long.toString((T0.getEpochSecond() + 10) * 1_000_000L));
        assertThat(redis.pttl(prefix + "10.0.0.1")).as("one token spent: full in 10 s").isBetween(9_000L, 10_000L);
        assertThat(store.take("10.0.0.1", limit, T0)).isZero();
        assertThat(redis.pttl(prefix + "10.0.0.1")).as("two spent: full in 20 s").isBetween(19_000L, 20_000L);
        // a refusal writes nothing
        assertThat(store.take("10.0.0.1", limit, T0)).isZero();
        assertThat(store.take("10.0.0.1", limit, T0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(redis.pttl(prefix + "10.0.0.1")).isBetween(29_000L, 30_000L);
        // a key Redis let expire is a full bucket again
        redis.del(prefix + "10.0.0.1");
        for (int i = 0; i < 3; i++) assertThat(store.take("10.0.0.1", limit, T0)).isZero();
    }

    @Test
    void itAnswersAsTheInMemoryStoreDoes() {
        RedisRateLimitStore shared = store();
        RateLimit.Store memory = RateLimit.inMemory(100);
        var limit = new RateLimit.Limit(3, 2, Duration.ofSeconds(3)); // a token every 1.5 s
        Instant t = T0;
        long[] stepsMillis = {0, 0, 0, 0, 100, 1400, 0, 0, 750, 750, 3000, 0, 0, 0, 0, 1};
        for (long step : stepsMillis) {
            t = t.plusMillis(step);
            assertThat(shared.take("k", limit, t)).as("at +%d ms", Duration.between(T0, t).toMillis())
                    .isEqualTo(memory.take("k", limit, t));
        }
    }

    @Test
    void prefixesKeepLimitsApart() {
        RedisRateLimitStore login = store().withPrefix(prefix + "login:");
        RedisRateLimitStore api = login.withPrefix(prefix + "api:");
        var one = new RateLimit.Limit(1, 1, Duration.ofMinutes(1));
        assertThat(login.take("10.0.0.1", one, T0)).isZero();
        assertThat(api.take("10.0.0.1", one, T0)).as("another limit's bucket").isZero();
        assertThat(login.take("10.0.0.1", one, T0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(redis.exists(prefix + "login:10.0.0.1", prefix + "api:10.0.0.1")).isEqualTo(2);
    }

    @Test
    void theScriptIsSentAgainWhenRedisForgotIt() {
        RedisRateLimitStore store = store();
        var limit = new RateLimit.Limit(2, 1, Duration.ofSeconds(1));
        assertThat(store.take("a", limit, T0)).isZero();
        redis.scriptFlush();
        assertThat(store.take("a", limit, T0)).isZero();
        assertThat(store.take("a", limit, T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(redis.scriptExists(redis.digest(RedisRateLimitStore.SCRIPT))).containsExactly(true);
    }

    @Test
    void whenRedisIsDownRequestsPassByDefaultAndTheOutageIsLoggedOnce() throws Exception {
        TcpProxy proxy = closeLater(new TcpProxy(6379));
        RedisRateLimitStore store = closeLater(RedisRateLimitStore.connect(proxy.uri(), prefix));
        assertThat(store.whenDown()).isEqualTo(RedisRateLimitStore.WhenDown.ALLOW);
        TestClient client = server(new MovableClock(), store, 1, 1, Duration.ofMinutes(1));
        assertThat(get(client).status()).isEqualTo(200);
        assertThat(get(client).status()).isEqualTo(429);
        try (LogCapture log = LogCapture.of("dev.duet.redis", Level.INFO)) {
            proxy.cut();
            for (int i = 0; i < 3; i++) assertThat(get(client).status()).as("fail open").isEqualTo(200);
            assertThat(log.events(e -> e.getLevel() == Level.WARN)).hasSize(1);
            assertThat(log.events().getFirst().getFormattedMessage()).contains("unreachable for rate limits")
                    .contains("let through unlimited (WhenDown.ALLOW)");
            proxy.restore();
            // Lettuce reconnects by itself; until it has, requests still pass
            TestResponse res;
            long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            do {
                res = get(client);
            } while (res.status() == 200 && System.nanoTime() < giveUp);
            assertThat(res.status()).as("limited again once Redis is back").isEqualTo(429);
            assertThat(log.events(e -> e.getFormattedMessage().contains("answers rate-limit takes again"))).hasSize(1);
        }
    }

    @Test
    void whenRedisIsDownARefusingLimitAnswers503NamingTheSetting() throws Exception {
        TcpProxy proxy = closeLater(new TcpProxy(6379));
        RedisRateLimitStore store = closeLater(RedisRateLimitStore.connect(proxy.uri(), prefix))
                .whenDown(RedisRateLimitStore.WhenDown.REFUSE);
        TestClient client = server(new MovableClock(), store, 5, 1, Duration.ofMinutes(1));
        assertThat(get(client).status()).isEqualTo(200);
        proxy.cut();
        try (LogCapture log = LogCapture.of("dev.duet.redis", Level.INFO)) {
            TestResponse res = get(client);
            assertThat(res.status()).isEqualTo(503);
            assertThat(res.header("Retry-After")).isEqualTo("1");
            assertThat(res.text()).contains("The rate limit cannot be checked: Redis is unreachable")
                    .contains("RedisRateLimitStore.whenDown(REFUSE)");
        }
    }

    @Test
    void aRedisThatHangsCountsAsDownAfterTheTimeout() throws Exception {
        TcpProxy proxy = closeLater(new TcpProxy(6379));
        RedisRateLimitStore store = closeLater(RedisRateLimitStore.connect(proxy.uri(), prefix))
                .whenDown(RedisRateLimitStore.WhenDown.REFUSE).timeout(Duration.ofMillis(200));
        var limit = new RateLimit.Limit(5, 1, Duration.ofMinutes(1));
        assertThat(store.take("a", limit, T0)).isZero();
        try (LogCapture log = LogCapture.of("dev.duet.redis", Level.INFO)) {
            proxy.silence();
            assertThatThrownBy(() -> store.take("a", limit, T0))
                    .hasMessageContaining("Redis is unreachable (no answer within 200 ms)");
        }
    }

    @Test
    void badSettingsAreRefused() {
        RedisRateLimitStore store = store();
        assertThatThrownBy(() -> store.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive, got PT0S");
        assertThatThrownBy(() -> RedisRateLimitStore.connect("redis://127.0.0.1:1"))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("could not connect to Redis at redis://127.0.0.1:1 for rate limits");
    }
}
