package dev.duet.jobs;

import dev.duet.App;
import dev.duet.db.Database;
import dev.duet.jobs.internal.Envelope;
import dev.duet.jobs.internal.EnvelopeSerializer;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.tracing.Tracing;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job enqueued from a traced request runs in a span of that request's trace: a consumer span
 * whose parent is the request's server span, current in the handler and in its log MDC. With a
 * real OpenTelemetry SDK (spans kept in memory) and duet-tracing's middleware, on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsTracingTest {
    record Ping(String text) {
    }

    /** What a job saw while it ran, by payload text: its span's trace and span ids, and the MDC's. */
    record Seen(String traceId, String spanId, String mdcTraceId, String mdcSpanId) {
    }

    static final class InMemory implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private final InMemory exporter = new InMemory();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private SdkTracerProvider provider;
    private OpenTelemetry sdk;
    private TestDbs.Isolated isolated;
    private Database db;
    private Jobs jobs;
    private App app;
    private TestClient client;

    @BeforeAll
    void setUp() {
        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        // The SDK's tracer with W3C propagation: all an OpenTelemetry is to these tests.
        sdk = new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return provider;
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.create(W3CTraceContextPropagator.getInstance());
            }
        };
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(sdk);
        isolated = TestDbs.postgres();
        db = Database.connect(isolated.url());
        app = App.create();
        Tracing.install(app, sdk);
        jobs = Jobs.on(db).config(JobsSuite.fast().build())
                .define(JobType.of("traced", Ping.class, (p, ctx) -> {
                            var sc = Span.current().getSpanContext();
                            seen.put(p.text(), new Seen(sc.getTraceId(), sc.getSpanId(), MDC.get("traceId"), MDC.get("spanId")));
                            return p.text();
                        }),
                        JobType.of("fails", Ping.class, (p, ctx) -> {
                            throw new IllegalStateException("no luck");
                        }).maxAttempts(1))
                .build()
                .runWith(app);
        app.post("/enqueue/{type}", req -> jobs.enqueue(req.pathParam("type"), new Ping(req.query("text"))).value());
        client = TestClient.of(app);
        app.lifecycle().runStartActions(); // the test client serves no port, so it runs no start actions itself
    }

    @AfterAll
    void tearDown() {
        if (client != null) client.close();
        if (app != null) app.stop();
        if (db != null) db.close();
        if (isolated != null) isolated.close();
        GlobalOpenTelemetry.resetForTest();
        if (provider != null) provider.close();
    }

    private SpanData span(String name, String jobId) {
        Waits.until("the span " + name, Duration.ofSeconds(20), () -> exporter.spans.stream().anyMatch(s -> s.getName().equals(name)
                && jobId.equals(s.getAttributes().get(AttributeKey.stringKey("duet.job.id")))));
        return exporter.spans.stream().filter(s -> s.getName().equals(name)
                && jobId.equals(s.getAttributes().get(AttributeKey.stringKey("duet.job.id")))).findFirst().orElseThrow();
    }

    @Test
    void aJobEnqueuedInATracedRequestRunsInAChildSpanOfTheRequest() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        String jobId = client.send(TestRequest.post("/enqueue/traced?text=a")
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")).text();
        SpanData job = span("job traced", jobId);
        SpanData server = exporter.spans.stream().filter(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(traceId))
                .findFirst().orElseThrow();
        assertThat(server.getParentSpanId()).isEqualTo(callerSpan);
        assertThat(job.getTraceId()).isEqualTo(traceId);
        assertThat(job.getParentSpanId()).as("a child of the request's server span").isEqualTo(server.getSpanId());
        assertThat(job.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(job.getAttributes().get(AttributeKey.longKey("duet.job.attempt"))).isEqualTo(1L);
        assertThat(job.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        Waits.until("the job's run", Duration.ofSeconds(20), () -> seen.containsKey("a"));
        assertThat(seen.get("a")).isEqualTo(new Seen(traceId, job.getSpanId(), traceId, job.getSpanId()));
    }

    @Test
    void aJobEnqueuedOutsideATraceStartsATraceOfItsOwn() {
        String jobId = jobs.enqueue("traced", new Ping("b")).value();
        SpanData job = span("job traced", jobId);
        assertThat(job.getParentSpanContext().isValid()).isFalse();
        assertThat(exporter.spans.stream().filter(s -> s.getTraceId().equals(job.getTraceId()))).hasSize(1);
        Waits.until("the job's run", Duration.ofSeconds(20), () -> seen.containsKey("b"));
        assertThat(seen.get("b").traceId()).isEqualTo(job.getTraceId());
    }

    @Test
    void aFailedRunIsAnErrorSpanWithItsException() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String jobId = client.send(TestRequest.post("/enqueue/fails?text=c")
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")).text();
        SpanData job = span("job fails", jobId);
        assertThat(job.getTraceId()).isEqualTo(traceId);
        assertThat(job.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(job.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
        assertThat(job.getEvents().getFirst().getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("no luck");
    }

    @Test
    void theTraceIsStoredInTheEnvelopeAndOldRowsWithoutOneStillRead() {
        EnvelopeSerializer serializer = new EnvelopeSerializer(JobsConfig.defaults().jsonMapper());
        Envelope e = new Envelope("{\"text\":\"x\"}", "req-1", "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01", "k=v");
        String json = new String(serializer.serialize(e), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"payload\":{\"text\":\"x\"},\"requestId\":\"req-1\",\"traceparent\":\"00-" + "1".repeat(32)
                + "-" + "2".repeat(16) + "-01\",\"tracestate\":\"k=v\"}");
        assertThat(serializer.deserialize(Envelope.class, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(e);
        byte[] old = "{\"payload\":{\"text\":\"x\"},\"requestId\":null}".getBytes(StandardCharsets.UTF_8);
        assertThat(serializer.deserialize(Envelope.class, old)).isEqualTo(new Envelope("{\"text\":\"x\"}", null, null, null));
    }
}
