// The OpenTelemetry API ships no module descriptors (its jars name automatic modules), which javac
// warns about; apps use its Context and Span types with this module, so they are handed on.
/**
 * W3C trace context for Duet apps on the OpenTelemetry API: {@link dev.duet.tracing.Tracing}
 * reads {@code traceparent} and {@code tracestate}, makes the trace current for the request's
 * handlers and toolkit tasks, puts {@code traceId} and {@code spanId} in the log MDC, and writes the
 * headers onto outgoing calls. {@code dev.duet.tracing.internal} is not exported.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.duet.tracing {
    exports dev.duet.tracing;

    requires transitive dev.duet.core;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;
}
