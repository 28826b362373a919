package dev.duet.ops;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.conformance.LogCapture;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthTest {

    private static App app() {
        return App.create(Config.builder().dev(true).build());
    }

    @Test
    void readyWithNoChecksIsUpAndLiveIsUp() {
        App app = app();
        Health.install(app);
        try (TestClient client = TestClient.of(app)) {
            var ready = client.get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.jsonMap()).containsEntry("status", "UP");
            assertThat(ready.header("Cache-Control")).isEqualTo("no-store");
            assertThat(client.get("/health/live").jsonMap()).isEqualTo(Map.of("status", "UP"));
        }
    }

    @Test
    void aFailingCheckMakesReadinessDownWith503AndLogsTheReasonButDoesNotServeIt() throws Exception {
        App app = app();
        Health.install(app)
                .check("database", () -> { })
                .check("redis", () -> { throw new IllegalStateException("connection refused: secret-host:6379"); });
        try (TestClient client = TestClient.of(app); LogCapture logs = LogCapture.of("dev.duet.health")) {
            var ready = client.get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.jsonMap()).containsEntry("status", "DOWN")
                    .containsEntry("checks", Map.of("database", "UP", "redis", "DOWN"));
            assertThat(ready.text()).doesNotContain("secret-host");
            assertThat(logs.events(e -> e.getFormattedMessage().contains("connection refused: secret-host")))
                    .hasSize(1);
            assertThat(client.get("/health/live").status()).as("liveness ignores readiness checks").isEqualTo(200);
        }
    }

    @Test
    void aCheckSlowerThanTheTimeoutCountsAsDown() throws Exception {
        App app = app();
        CountDownLatch never = new CountDownLatch(1);
        Health.install(app, "/livez", "/readyz", Duration.ofMillis(200))
                .check("stuck", () -> never.await(10, TimeUnit.SECONDS))
                .check("fine", () -> { });
        try (TestClient client = TestClient.of(app); LogCapture logs = LogCapture.of("dev.duet.health")) {
            var ready = client.get("/readyz");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.jsonMap()).containsEntry("checks", Map.of("stuck", "DOWN", "fine", "UP"));
            assertThat(logs.events(e -> e.getFormattedMessage().contains("longer than 200 ms"))).hasSize(1);
            assertThat(client.get("/livez").status()).isEqualTo(200);
            assertThat(client.get("/health/ready").status()).as("the default paths are not served").isEqualTo(404);
        } finally {
            never.countDown();
        }
    }

    @Test
    void readinessIsStoppingOnceTheAppStops() {
        App app = app();
        Health.install(app);
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/health/ready").status()).isEqualTo(200);
            app.stop();
            var ready = client.get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.jsonMap()).containsEntry("status", "STOPPING");
        }
    }

    @Test
    void badArgumentsFailClearly() {
        App app = app();
        assertThatThrownBy(() -> Health.install(app, "/h", "/h", Duration.ofSeconds(1)))
                .hasMessageContaining("different paths");
        assertThatThrownBy(() -> Health.install(app, "/l", "/r", Duration.ZERO))
                .hasMessageContaining("checkTimeout must be positive");
        Health health = Health.install(app);
        health.check("db", () -> { });
        assertThatThrownBy(() -> health.check("db", () -> { })).hasMessageContaining("'db' is already registered");
        assertThatThrownBy(() -> health.check(" ", () -> { })).hasMessageContaining("needs a name");
    }

    @Test
    void shutdownReadinessDelayDefaultsToFiveSecondsAndZeroInDevAndIsAKnob() {
        assertThat(Config.defaults().shutdownReadinessDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Config.builder().dev(true).build().shutdownReadinessDelay()).isEqualTo(Duration.ZERO);
        Config fromEnv = Config.builder().apply(Map.of("DUET_SHUTDOWN_READINESS_DELAY", "12s"), Map.of()).build();
        assertThat(fromEnv.shutdownReadinessDelay()).isEqualTo(Duration.ofSeconds(12));
        assertThatThrownBy(() -> Config.builder().shutdownReadinessDelay(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("shutdownReadinessDelay");
    }
}
