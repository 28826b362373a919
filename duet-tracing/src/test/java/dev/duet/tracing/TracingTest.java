package dev.duet.tracing;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.conformance.LogCapture;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class TracingTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    private static App app() {
        App app = App.create(Config.builder().dev(true).build());
        Tracing.install(app);
        app.get("/where", req -> {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("handler", Tracing.traceId());
            seen.put("handlerCurrent", Span.current().getSpanContext().getTraceId());
            seen.put("handlerMdc", MDC.get("traceId"));
            seen.put("offloaded", req.tasks().await(req.tasks().offload(() -> Span.current().getSpanContext().getTraceId())));
            seen.put("offloadedMdc", req.tasks().await(req.tasks().offload(() -> MDC.get("traceId"))));
            seen.put("cpu", req.tasks().await(req.tasks().cpu(() -> Span.current().getSpanContext().getTraceId())));
            req.tasks().background(() -> LoggerFactory.getLogger("test.background")
                    .info("background sees {}", Span.current().getSpanContext().getTraceId()));
            return seen;
        });
        app.getAsync("/async", req -> CompletableFuture.completedFuture(Span.current().getSpanContext().getTraceId()));
        app.get("/outgoing", req -> {
            Map<String, String> headers = new LinkedHashMap<>();
            Tracing.inject(headers::put);
            return headers;
        });
        return app;
    }

    @Test
    void theCallersTraceIsCurrentInTheHandlerItsTasksAndTheMdc() throws Exception {
        try (TestClient client = TestClient.of(app()); LogCapture logs = LogCapture.of("test.background")) {
            var res = client.send(TestRequest.get("/where").header("traceparent", PARENT));
            assertThat(res.jsonMap()).containsOnly(Map.entry("handler", TRACE), Map.entry("handlerCurrent", TRACE),
                    Map.entry("handlerMdc", TRACE), Map.entry("offloaded", TRACE), Map.entry("offloadedMdc", TRACE),
                    Map.entry("cpu", TRACE));
            var line = logs.await(e -> true, Duration.ofSeconds(5));
            assertThat(line.getFormattedMessage()).isEqualTo("background sees " + TRACE);
            assertThat(line.getMDCPropertyMap()).containsEntry("traceId", TRACE).containsKey("spanId");
        }
    }

    @Test
    void anAsyncHandlerOnTheEventLoopSeesTheTraceToo() {
        try (TestClient client = TestClient.of(app())) {
            assertThat(client.send(TestRequest.get("/async").header("traceparent", PARENT)).text()).isEqualTo(TRACE);
        }
    }

    @Test
    void aMissingOrMalformedTraceparentStartsAFreshTracePerRequest() {
        try (TestClient client = TestClient.of(app())) {
            String first = (String) client.get("/where").jsonMap().get("handler");
            String second = (String) client.get("/where").jsonMap().get("handler");
            String malformed = (String) client.send(TestRequest.get("/where").header("traceparent", "00-zzzz-00f067aa0ba902b7-01"))
                    .jsonMap().get("handler");
            assertThat(first).matches("[0-9a-f]{32}").isNotEqualTo(second);
            assertThat(malformed).matches("[0-9a-f]{32}").isNotEqualTo(TRACE);
        }
    }

    @Test
    void outgoingCallsCarryTheTraceparentAndTracestate() {
        try (TestClient client = TestClient.of(app())) {
            var headers = client.send(TestRequest.get("/outgoing").header("traceparent", PARENT)
                    .header("tracestate", "vendor=abc")).jsonMap();
            assertThat((String) headers.get("traceparent")).startsWith("00-" + TRACE + "-").endsWith("-01");
            assertThat(headers).containsEntry("tracestate", "vendor=abc");
        }
    }

    @Test
    void theAccessLogInstalledAfterTracingCarriesTheTraceId() throws Exception {
        App app = App.create(Config.builder().dev(true).build());
        Tracing.install(app);
        app.useAsync(dev.duet.ops.AccessLog.pattern("{method} {path} {status} {log:traceId}"));
        app.get("/x", req -> "x");
        try (TestClient client = TestClient.of(app); LogCapture logs = LogCapture.of("dev.duet.access")) {
            client.send(TestRequest.get("/x").header("traceparent", PARENT));
            assertThat(logs.await(e -> true, Duration.ofSeconds(5)).getFormattedMessage()).isEqualTo("GET /x 200 " + TRACE);
        }
    }

    @Test
    void outsideARequestThereIsNoTraceId() {
        app(); // the module is loaded, its context storage in place
        assertThat(Tracing.traceId()).isNull();
        Map<String, String> headers = new LinkedHashMap<>();
        Tracing.inject(headers::put);
        assertThat(headers).isEmpty();
    }
}
