package dev.duet.jobs.internal;

/**
 * Carries the W3C trace context from the code that enqueues a job to the job's run, when the
 * OpenTelemetry API is there (an optional dependency: without it both ends do nothing). At
 * enqueue, {@code traceparent} and {@code tracestate} of the current context (the request's, with
 * duet-tracing) are kept in the job's stored envelope; the run is a span of its own, a child of that
 * context, current while the handler runs, with {@code traceId} and {@code spanId} in the log MDC.
 */
public final class Traces {
    private static final boolean PRESENT = present();

    private Traces() {
    }

    private static boolean present() {
        try {
            Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, Traces.class.getClassLoader());
            OtelTraces.check(); // fails if the API is on the class path but this module cannot read it
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether spans are made: the OpenTelemetry API is present and readable. */
    public static boolean enabled() {
        return PRESENT;
    }

    /** The caller's trace context as {traceparent, tracestate} (either may be null); null without one. */
    public static String[] capture() {
        return PRESENT ? OtelTraces.capture() : null;
    }

    /**
     * Runs {@code body} in a span named {@code name} (a consumer span, child of the stored context
     * if any), ending it with an error status if {@code body} throws.
     */
    public static void run(String name, String jobId, int attempt, String traceparent, String tracestate, Runnable body) {
        if (!PRESENT) {
            body.run();
            return;
        }
        OtelTraces.run(name, jobId, attempt, traceparent, tracestate, body);
    }
}
