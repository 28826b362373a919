package dev.duet.metrics;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.test.TestClient;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuetMetricsTest {

    private static App app() {
        App app = App.create(Config.builder().dev(true).build());
        app.get("/users/{id:int}", req -> "user " + req.pathInt("id"));
        app.getAsync("/async", req -> CompletableFuture.completedFuture("async"));
        app.get("/teapot", req -> { throw new HttpError(418, "short and stout"); });
        app.get("/boom", req -> { throw new IllegalStateException("boom"); });
        return app;
    }

    private static Collection<Timer> requestTimers(SimpleMeterRegistry registry) {
        return registry.find("duet.requests").timers();
    }

    @Test
    void requestsAreTaggedByRoutePatternMethodStatusClassAndKind() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        App app = app();
        DuetMetrics.install(app, registry);
        try (TestClient client = TestClient.of(app)) {
            client.get("/users/1");
            client.get("/users/2");
            client.get("/async");
            client.get("/teapot");
            client.get("/boom");
        }
        Timer users = registry.get("duet.requests").tags("route", "/users/{id:int}", "method", "GET",
                "status", "2xx", "kind", "blocking").timer();
        assertThat(users.count()).isEqualTo(2);
        assertThat(registry.get("duet.requests").tags("route", "/async", "kind", "async", "status", "2xx").timer().count()).isEqualTo(1);
        assertThat(registry.get("duet.requests").tags("route", "/teapot", "status", "4xx").timer().count()).isEqualTo(1);
        assertThat(registry.get("duet.requests").tags("route", "/boom", "status", "5xx").timer().count()).isEqualTo(1);
        assertThat(requestTimers(registry)).hasSize(4);
        assertThat(requestTimers(registry)).extracting(t -> t.getId().getTag("route")).doesNotContain("/users/1", "/users/2");
    }

    @Test
    void oneHundredThousandRandom404UrlsAddAtMostOneSeries() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        App app = app();
        DuetMetrics.install(app, registry, false);
        try (TestClient client = TestClient.of(app)) {
            client.get("/users/1");
            // Duet's own series only: the JVM binders add a GC series lazily at the first collection.
            int seriesBefore = duetSeries(registry);
            for (int i = 0; i < 100_000; i++) {
                assertThat(client.get("/zz404-" + UUID.randomUUID() + "/" + i).status()).isEqualTo(404);
            }
            assertThat(duetSeries(registry) - seriesBefore).as("new series for 100 000 distinct 404 paths").isEqualTo(1);
        }
        Timer unmatched = registry.get("duet.requests").tags("route", "UNMATCHED", "status", "4xx", "kind", "none").timer();
        assertThat(unmatched.count()).isEqualTo(100_000);
        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags())
                .noneMatch(tag -> tag.getValue().contains("zz404"), "no tag holds a random path");
    }

    private static int duetSeries(SimpleMeterRegistry registry) {
        return (int) registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("duet.")).count();
    }

    @Test
    void gaugesShowBackgroundTasksAndRequestsInFlight() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        App app = app();
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        app.get("/hold", req -> {
            req.tasks().background(() -> release.await(5, TimeUnit.SECONDS));
            inHandler.countDown();
            release.await(5, TimeUnit.SECONDS);
            return "held";
        });
        DuetMetrics.install(app, registry);
        try (TestClient client = TestClient.of(app)) {
            var held = CompletableFuture.supplyAsync(() -> client.get("/hold"));
            assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(registry.get("duet.requests.active").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("duet.background.tasks").gauge().value()).isEqualTo(1.0);
            release.countDown();
            assertThat(held.get(5, TimeUnit.SECONDS).text()).isEqualTo("held");
        }
        assertThat(registry.get("duet.requests.active").gauge().value()).isZero();
        assertThat(registry.get("duet.cpu.busy").gauge().value()).isZero();
        assertThat(registry.get("duet.cpu.queued").gauge().value()).isZero();
        assertThat(registry.get("jvm.threads.virtual.parallelism").gauge().value()).isPositive();
        assertThat(registry.find("jvm.memory.used").meters()).isNotEmpty();
    }

    @Test
    void histogramsCanBeTurnedOff() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        App app = app();
        DuetMetrics.install(app, registry, false);
        try (TestClient client = TestClient.of(app)) {
            client.get("/users/1");
        }
        Timer t = registry.get("duet.requests").timer();
        assertThat(t.takeSnapshot().histogramCounts()).isEmpty();
        assertThat(registry.getMeters()).extracting(Meter::getId).isNotEmpty();
    }

    @Test
    void aBadMetricsPathFailsClearly() {
        assertThatThrownBy(() -> DuetMetrics.prometheus(app(), "metrics")).hasMessageContaining("must start with '/'");
    }
}
