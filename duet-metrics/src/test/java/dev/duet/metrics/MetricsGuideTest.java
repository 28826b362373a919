package dev.duet.metrics;

import dev.duet.App;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/operations.md's metrics examples (duet-core's OperationsGuideTest checks the guide shows them). */
class MetricsGuideTest {

    // snippet: ops-metrics
    static App measuredApp() {
        App app = App.create();
        PrometheusMeterRegistry registry = DuetMetrics.prometheus(app);    // scraped at GET /metrics
        Counter signups = registry.counter("signups");                     // the app's own meters, same registry
        app.post("/signup", req -> {
            signups.increment();
            return "welcome";
        });
        return app;
    }
    // end snippet

    @Test
    void measuredAppServesItsCounterAndRequestTimers() {
        App app = measuredApp();
        app.csrf(false); // the test posts without a form token
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.send(TestRequest.post("/signup")).text()).isEqualTo("welcome");
            String scrape = client.get("/metrics").text();
            assertThat(scrape).contains("signups_total 1");
            assertThat(scrape).containsPattern("duet_requests_seconds_count\\{kind=\"blocking\",method=\"POST\",route=\"/signup\",status=\"2xx\"} 1");
        }
    }

    // snippet: ops-metrics-settings
    static App tunedApp(MeterRegistry registry) {
        App app = App.create();
        DuetMetrics.install(app, registry, MetricsSettings.defaults()
                .withHistograms(false)                                // count, sum and max only
                .withLoopLagInterval(Duration.ofMillis(250)));        // probe each loop 4 times a second
        app.get("/", req -> "hello");
        return app;
    }
    // end snippet

    @Test
    void tunedAppKeepsNoHistogramBuckets() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestClient client = TestClient.of(tunedApp(registry))) {
            assertThat(client.get("/").text()).isEqualTo("hello");
        }
        var timer = registry.get("duet.requests").tags("route", "/").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.takeSnapshot().histogramCounts()).isEmpty();
    }
}
