package dev.duet.tracing;

import dev.duet.App;
import dev.duet.conformance.LogCapture;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/operations.md's tracing example (duet-core's OperationsGuideTest checks the guide shows it). */
class TracingGuideTest {
    private static final Logger log = LoggerFactory.getLogger("reports");

    // snippet: ops-tracing
    static App tracedApp() {
        App app = App.create();
        Tracing.install(app);                        // first, so the middleware after it runs inside the trace
        app.get("/report", req -> {
            log.info("building the report");         // this line's MDC has traceId and spanId
            HttpRequest.Builder call = HttpRequest.newBuilder(URI.create("http://billing.internal/totals"));
            Tracing.inject(call::header);            // the billing service joins the same trace
            return req.tasks().await(req.tasks().offload(Tracing::traceId));   // tasks see it too
        });
        return app;
    }
    // end snippet

    @Test
    void tracedAppCarriesTheCallersTrace() throws Exception {
        try (TestClient client = TestClient.of(tracedApp()); LogCapture logs = LogCapture.of("reports")) {
            var res = client.send(TestRequest.get("/report").header("traceparent", TracingTest.PARENT));
            assertThat(res.text()).isEqualTo(TracingTest.TRACE);
            var line = logs.await(e -> true, Duration.ofSeconds(5));
            assertThat(line.getMDCPropertyMap()).containsEntry("traceId", TracingTest.TRACE);
        }
    }
}
