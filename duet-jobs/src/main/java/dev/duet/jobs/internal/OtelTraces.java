package dev.duet.jobs.internal;

import dev.duet.Request;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.Map;

/** {@link Traces} with the OpenTelemetry API present; loaded only then. */
final class OtelTraces {
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private OtelTraces() {
    }

    /** duet-tracing's request attribute holding the request's context (see its {@code Tracing.current()}). */
    private static final String REQUEST_CONTEXT = "dev.duet.tracing.context";

    static void check() {
        // Touches no context storage: duet-tracing must be able to wrap it after this.
        W3CTraceContextPropagator.getInstance();
    }

    static String[] capture() {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            // OpenTelemetry's storage may have been read before duet-tracing could wrap it; the
            // request still carries its context, as duet-tracing's Tracing.current() reads it.
            Request req = Request.currentOrNull();
            if (req != null && req.<Object>attribute(REQUEST_CONTEXT) instanceof Context own) current = own;
        }
        if (!Span.fromContext(current).getSpanContext().isValid()) return null;
        Map<String, String> headers = new HashMap<>(4);
        W3C.inject(current, headers, Map::put);
        String parent = headers.get("traceparent");
        return parent == null ? null : new String[] {parent, headers.get("tracestate")};
    }

    static void run(String name, String jobId, int attempt, String traceparent, String tracestate, Runnable body) {
        Context parent = Context.root();
        if (traceparent != null) {
            Map<String, String> headers = new HashMap<>(4);
            headers.put("traceparent", traceparent);
            if (tracestate != null) headers.put("tracestate", tracestate);
            parent = W3C.extract(parent, headers, GETTER);
        }
        // The global OpenTelemetry, as duet-tracing's Tracing.install(app) uses by default, read
        // without fixing it (get() would make it a no-op for good if the app had not set it yet).
        // With no SDK the tracer makes no spans, but carries the enqueuer's trace on, so the job's
        // log lines still hold the request's trace id.
        var builder = GlobalOpenTelemetry.getOrNoop().getTracer("dev.duet.jobs").spanBuilder(name).setParent(parent)
                .setSpanKind(SpanKind.CONSUMER).setAttribute("duet.job.attempt", attempt);
        if (jobId != null) builder.setAttribute("duet.job.id", jobId);
        Span span = builder.startSpan();
        SpanContext sc = span.getSpanContext();
        String prevTrace = MDC.get("traceId"), prevSpan = MDC.get("spanId");
        if (sc.isValid()) {
            MDC.put("traceId", sc.getTraceId());
            MDC.put("spanId", sc.getSpanId());
        }
        try (Scope ignored = parent.with(span).makeCurrent()) {
            body.run();
        } catch (RuntimeException | Error e) {
            // The runner wraps a handler's failure in its own AttemptFailed: the span records the handler's.
            Throwable cause = e.getCause() != null && e.getClass().getName().endsWith("AttemptFailed") ? e.getCause() : e;
            span.recordException(cause);
            span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
            throw e;
        } finally {
            span.end();
            restore("traceId", prevTrace);
            restore("spanId", prevSpan);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) MDC.remove(key);
        else MDC.put(key, value);
    }
}
