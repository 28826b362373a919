package dev.duet.tracing;

import dev.duet.App;
import dev.duet.AsyncMiddleware;
import dev.duet.AsyncNext;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.tracing.internal.RequestContextStorage;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * W3C trace context for an app, on the OpenTelemetry API. {@link #install} adds middleware that
 * reads {@code traceparent} and {@code tracestate}, starts the request's server span under it (a
 * recording span if an OpenTelemetry SDK is configured; otherwise the caller's trace carries on
 * unrecorded), and makes that the request's context: {@code Context.current()} returns it in
 * handlers, hooks and the toolkit's offloaded, CPU and background tasks, and the log MDC holds
 * {@code traceId} and {@code spanId} there. A request without a valid {@code traceparent} gets a
 * fresh trace id, so its log lines still correlate.
 *
 * <pre>{@code
 * Tracing.install(app);                                  // first, so every other middleware runs inside the trace
 * app.get("/quote", req -> {
 *     var call = HttpRequest.newBuilder(URI.create("http://prices/quote"));
 *     Tracing.inject(call::header);                      // the next service joins the same trace
 *     return http.send(call.build(), BodyHandlers.ofString()).body();
 * });
 * }</pre>
 *
 * {@code Context.current()} is the request's wherever Duet runs the request's code; a callback an
 * async library runs on its own threads is not, so capture {@link #current()} before handing work
 * there (or wrap it: {@code Tracing.current().wrap(runnable)}).
 */
public final class Tracing {
    static {
        // OpenTelemetry reads its storage once, at the first Context.current(); a wrapper added
        // after that is ignored, and current() below still answers from the request itself.
        ContextStorage.addWrapper(RequestContextStorage::new);
    }

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Request> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Request req) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Request req, String key) {
            return req == null ? null : req.header(key);
        }
    };

    private Tracing() {
    }

    /** Traces {@code app}'s requests with the global OpenTelemetry ({@link GlobalOpenTelemetry#get()}). */
    public static void install(App app) {
        install(app, GlobalOpenTelemetry.get());
    }

    /** Traces {@code app}'s requests with spans from {@code otel}; install it before other middleware. */
    public static void install(App app, OpenTelemetry otel) {
        Objects.requireNonNull(app, "app");
        Tracer tracer = Objects.requireNonNull(otel, "otel").getTracer("dev.duet.tracing");
        app.useAsync(new Middleware(tracer));
    }

    /**
     * The OpenTelemetry context of the request running on this thread (or, outside a request,
     * {@link Context#current()}): what to hand to code that runs elsewhere.
     */
    public static Context current() {
        Request req = Request.currentOrNull();
        Context own = req == null ? null : req.attribute(RequestContextStorage.ATTRIBUTE);
        return own != null ? own : Context.current();
    }

    /** The trace id of the current request (32 hex digits), or null outside a traced request. */
    public static String traceId() {
        SpanContext sc = Span.fromContext(current()).getSpanContext();
        return sc.isValid() ? sc.getTraceId() : null;
    }

    /**
     * Writes {@code traceparent} (and {@code tracestate}, if any) of the current request onto an
     * outgoing call through {@code header}, e.g. {@code HttpRequest.Builder::header}.
     */
    public static void inject(BiConsumer<String, String> header) {
        Objects.requireNonNull(header, "header");
        W3C.inject(current(), header, (carrier, key, value) -> carrier.accept(key, value));
    }

    private record Middleware(Tracer tracer) implements AsyncMiddleware {
        @Override
        public CompletionStage<Response> handle(Request req, AsyncNext next) {
            Context parent = W3C.extract(Context.root(), req, HEADERS);
            String route = req.route();
            Span span = tracer.spanBuilder(req.method().name() + " " + (route != null ? route : "UNMATCHED"))
                    .setParent(parent).setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", req.method().name())
                    .setAttribute("url.path", req.path())
                    .startSpan();
            if (!span.getSpanContext().isValid()) {
                // No SDK and no (valid) traceparent: a fresh, unsampled trace id, for log correlation.
                ThreadLocalRandom r = ThreadLocalRandom.current();
                span = Span.wrap(SpanContext.create(TraceId.fromLongs(r.nextLong(), r.nextLong() | 1),
                        io.opentelemetry.api.trace.SpanId.fromLong(r.nextLong() | 1), TraceFlags.getDefault(), TraceState.getDefault()));
            }
            Context context = parent.with(span);
            req.attribute(RequestContextStorage.ATTRIBUTE, context);
            req.logContext("traceId", span.getSpanContext().getTraceId());
            req.logContext("spanId", span.getSpanContext().getSpanId());
            Span finalSpan = span;
            CompletionStage<Response> stage;
            try (Scope ignored = context.makeCurrent()) {
                stage = next.proceed();
            }
            return stage.whenComplete((res, error) -> {
                int status = res == null ? 500 : res.status();
                finalSpan.setAttribute("http.response.status_code", status);
                if (status >= 500) finalSpan.setStatus(StatusCode.ERROR);
                finalSpan.end();
            });
        }
    }
}
