/**
 * Durable jobs and recurring schedules for Duet apps, on db-scheduler: {@link dev.duet.jobs.Jobs}.
 * {@code dev.duet.jobs.internal} is not exported.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.duet.jobs {
    exports dev.duet.jobs;

    requires transitive dev.duet.db;
    requires com.github.kagkarlsson.scheduler;
    // Both optional: JobsMetrics needs Micrometer (duet-metrics brings it); with the OpenTelemetry
    // API present a job's run is a span of the trace that enqueued it.
    requires static micrometer.core;
    requires static io.opentelemetry.api;
    requires static io.opentelemetry.context;
}
