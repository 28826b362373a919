package dev.duet.redis;

import dev.duet.App;
import dev.duet.RateLimit;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/rate-limiting.md's Redis example, run against the real Redis (duet-core's RateLimitGuideTest checks the guide shows it). */
class RedisRateLimitDocsTest {
    // snippet: ratelimit-redis
    static App sharedLimit(RedisRateLimitStore buckets) {
        App app = App.create();
        // every server counts against one limit; each limit takes its own prefix of keys
        app.use(RateLimit.perClient(20, 5, Duration.ofSeconds(1)).store(buckets.withPrefix("myapp:rl:all:")));
        // a login limit that refuses (503) rather than lets requests through while Redis is down
        app.post("/login", req -> "signed in").use(RateLimit.perClient(5, 5, Duration.ofMinutes(15))
                .store(buckets.withPrefix("myapp:rl:login:").whenDown(RedisRateLimitStore.WhenDown.REFUSE)));
        app.onStop(buckets::close);
        return app;
    }
    // end snippet

    @Test
    void theSharedRateLimit() {
        App app = sharedLimit(RedisRateLimitStore.connect("redis://127.0.0.1:6379"));
        try (TestClient client = TestClient.of(app)) {
            for (int i = 0; i < 5; i++) assertThat(client.send(TestRequest.post("/login")).status()).as("login %d", i).isEqualTo(200);
            assertThat(client.send(TestRequest.post("/login")).status()).as("the login limit").isEqualTo(429);
            // the app-wide limit counted those 6 too: 14 left of its 20
            for (int i = 0; i < 14; i++) assertThat(client.get("/login").status()).as("GET %d", i).isEqualTo(405);
            assertThat(client.get("/login").status()).as("the app-wide limit").isEqualTo(429);
        } finally {
            app.stop();
            RedisClient admin = RedisClient.create("redis://127.0.0.1:6379");
            try (var connection = admin.connect()) {
                var keys = connection.sync().keys("myapp:rl:*");
                if (!keys.isEmpty()) connection.sync().del(keys.toArray(String[]::new));
            } finally {
                admin.shutdown();
            }
        }
    }
}
