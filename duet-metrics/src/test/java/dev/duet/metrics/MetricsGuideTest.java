package dev.duet.metrics;

import dev.duet.App;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/operations.md's metrics example (duet-core's OperationsGuideTest checks the guide shows it). */
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
}
