package dev.duet.metrics;

import dev.duet.App;
import dev.duet.AppStats;
import dev.duet.Config;
import dev.duet.netty.NettyCore;
import dev.duet.spi.ServerStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event-loop figures on the Netty core: a loop held up by a task shows lag while it is held
 * (before its probe can even run), keeps it in the max afterwards, and shows the tasks queued
 * behind the one holding it; the other loops do not.
 */
class LoopLagTest {
    private static final Duration PROBE = Duration.ofMillis(20);
    private App app;

    @AfterEach
    void stop() {
        if (app != null) app.stop();
    }

    private PrometheusMeterRegistry start(MetricsSettings settings) {
        app = App.create(Config.builder().port(0).host("127.0.0.1").eventLoops(2).build());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DuetMetrics.install(app, registry, settings);
        app.start(new NettyCore());
        return registry;
    }

    @Test
    void aBlockedLoopShowsLagWhileBlockedAndInItsMaxAfterwards() throws Exception {
        PrometheusMeterRegistry registry = start(MetricsSettings.defaults().withLoopLagInterval(PROBE));
        ServerStats.EventLoop loop = AppStats.of(app).server().orElseThrow().eventLoops().getFirst();
        double calm = Scrape.value(registry.scrape(), "duet_eventloop_lag_max_seconds", "loop", "0");
        assertThat(calm).isNotNaN();

        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.schedule(() -> {
            holding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS); // what a handler must never do on a loop: block it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, TimeUnit.MILLISECONDS);
        try {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) loop.schedule(() -> { }, 0, TimeUnit.MILLISECONDS);
            double held = Scrape.await(registry, v -> v >= 0.2, "duet_eventloop_lag_seconds", "loop", "0");
            assertThat(held).as("lag grows while the loop is held, before the probe runs").isGreaterThanOrEqualTo(0.2);
            String during = registry.scrape();
            assertThat(Scrape.value(during, "duet_eventloop_tasks_pending", "loop", "0")).as("queued behind it").isGreaterThanOrEqualTo(5);
            assertThat(Scrape.value(during, "duet_eventloop_lag_seconds", "loop", "1")).as("the other loop runs on").isLessThan(held);
        } finally {
            release.countDown();
        }
        double recovered = Scrape.await(registry, v -> v < 0.1, "duet_eventloop_lag_seconds", "loop", "0");
        assertThat(recovered).as("the next probes run on time again").isLessThan(0.1);
        String after = registry.scrape();
        assertThat(Scrape.value(after, "duet_eventloop_lag_max_seconds", "loop", "0"))
                .as("the stall stays in the max").isGreaterThanOrEqualTo(0.2);
        assertThat(Scrape.value(after, "duet_eventloop_tasks_pending", "loop", "0")).isLessThan(5);
    }

    @Test
    void aZeroIntervalSchedulesNoProbesAndShowsNoLag() {
        PrometheusMeterRegistry registry = start(MetricsSettings.defaults().withLoopLagInterval(Duration.ZERO));
        String text = registry.scrape();
        assertThat(text).doesNotContain("duet_eventloop_lag");
        assertThat(Scrape.count(text, "duet_eventloop_tasks_pending")).isEqualTo(2);
    }

    @Test
    void probesStopWithTheApp() throws Exception {
        PrometheusMeterRegistry registry = start(MetricsSettings.defaults().withLoopLagInterval(PROBE));
        app.stop();
        Thread.sleep(PROBE.toMillis() * 5); // long enough for a probe that kept going to be overdue
        double lag = Scrape.value(registry.scrape(), "duet_eventloop_lag_seconds", "loop", "0");
        assertThat(lag).as("no probe pending on a stopped loop, so none overdue").isLessThan(PROBE.toMillis() * 4 / 1000.0);
    }

    @Test
    void aProbeIntervalOutsideItsRangeFailsClearly() {
        assertThatThrownBy(() -> MetricsSettings.defaults().withLoopLagInterval(Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loopLagInterval must be zero (no lag probes) or between 10 ms and 60 s, was 5 ms");
        assertThatThrownBy(() -> MetricsSettings.defaults().withLoopLagInterval(Duration.ofMinutes(2)))
                .hasMessageContaining("was 120000 ms");
        assertThatThrownBy(() -> MetricsSettings.defaults().withLoopLagInterval(Duration.ofMillis(-1)))
                .hasMessageContaining("was -1 ms");
        assertThat(MetricsSettings.defaults().loopLagInterval()).isEqualTo(MetricsSettings.DEFAULT_LOOP_LAG_INTERVAL);
    }
}
