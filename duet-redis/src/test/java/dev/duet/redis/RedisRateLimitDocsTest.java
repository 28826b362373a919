package dev.duet.redis;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.RateLimit;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/rate-limiting.md's Redis example, run against the real Redis (duet-core's RateLimitGuideTest
 * checks the guide shows it).
 *
 * <p>The Redis is shared (other builds run this test at the same moment), and the example's key
 * prefixes are fixed, so each run is its own client: a random address in {@code X-Forwarded-For},
 * believed from the test client's 127.0.0.1, makes its buckets its own keys, and the clean-up
 * deletes only those. (With one fixed client, two runs took from one bucket, and one run's
 * clean-up refilled the other's: a 405 where a 429 was due.)
 */
class RedisRateLimitDocsTest {
    // snippet: ratelimit-redis
    static App sharedLimit(App app, RedisRateLimitStore buckets) {
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
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String client = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
        App app = sharedLimit(App.create(Config.builder().trustedProxies(List.of("127.0.0.1")).build()),
                RedisRateLimitStore.connect("redis://127.0.0.1:6379"));
        try (TestClient http = TestClient.of(app)) {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThat(http.send(TestRequest.post("/login").header("X-Forwarded-For", client)).status()).as("login %d", i).isEqualTo(200);
            }
            assertThat(http.send(TestRequest.post("/login").header("X-Forwarded-For", client)).status()).as("the login limit").isEqualTo(429);
            // The app-wide limit counted those 6 too: 14 left of its 20. A GET /login passes it and is
            // then the router's 405 (only POST is routed), so the 405s count what the limit let through.
            int passed = 0;
            int status;
            while ((status = http.send(TestRequest.get("/login").header("X-Forwarded-For", client)).status()) == 405 && passed < 60) {
                passed++;
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(status).as("the app-wide limit, after %d passed", passed).isEqualTo(429);
            // The bucket refills 5 a second (one every 200 ms): on a slow machine these requests take long
            // enough for a few more to pass, never fewer than the 14 left.
            assertThat(passed).as("passed in %d ms", elapsedMs).isBetween(14, 14 + (int) (elapsedMs / 200) + 1);
        } finally {
            app.stop();
            RedisClient admin = RedisClient.create("redis://127.0.0.1:6379");
            try (var connection = admin.connect()) {
                var keys = connection.sync().keys("myapp:rl:*:" + client);
                if (!keys.isEmpty()) connection.sync().del(keys.toArray(String[]::new));
            } finally {
                admin.shutdown();
            }
        }
    }
}
