package dev.duet.jobs.internal;

/**
 * What a job's execution row carries: its payload as JSON text, read into the type's class only
 * when it runs (so a payload that no longer fits fails that job, not the poll that fetched it),
 * the id of the request that enqueued it, for the log, and that request's W3C trace context
 * ({@code traceparent}, {@code tracestate}; null outside a trace), for the job's span.
 */
public record Envelope(String payload, String requestId, String traceparent, String tracestate) {
    /** An envelope with no trace context. */
    public Envelope(String payload, String requestId) {
        this(payload, requestId, null, null);
    }
}
