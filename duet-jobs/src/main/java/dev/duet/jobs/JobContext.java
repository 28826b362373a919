package dev.duet.jobs;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * What a running job or schedule knows about its run. While it runs, the log's MDC carries
 * {@code jobId} (a job's), {@code job} (the type or schedule name) and {@code requestId} (the
 * request that enqueued it), so its log lines can be traced back to that request.
 */
public final class JobContext {
    private final JobId id;
    private final String name;
    private final int attempt;
    private final String requestId;
    private final Instant scheduledAt;
    private final BooleanSupplier stopping;

    /** For duet-jobs itself; handlers are given theirs. */
    JobContext(JobId id, String name, int attempt, String requestId, Instant scheduledAt, BooleanSupplier stopping) {
        this.id = id;
        this.name = name;
        this.attempt = attempt;
        this.requestId = requestId;
        this.scheduledAt = scheduledAt;
        this.stopping = stopping;
    }

    /** The job's id; null in a schedule's run, which has none. */
    public JobId id() {
        return id;
    }

    /** The job type's or the schedule's name. */
    public String name() {
        return name;
    }

    /** Which attempt this is: 1 for the first. */
    public int attempt() {
        return attempt;
    }

    /** The id of the request that enqueued the job, or null (enqueued outside a request, or a schedule's run). */
    public String requestId() {
        return requestId;
    }

    /** When this run was due: the time the job was enqueued for, or the schedule's slot. */
    public Instant scheduledAt() {
        return scheduledAt;
    }

    /**
     * Whether this instance is stopping: a long job can check it, and throw to be retried later
     * (on another instance, perhaps) rather than be cut off at the end of the grace.
     */
    public boolean stopping() {
        return stopping.getAsBoolean();
    }

    @Override
    public String toString() {
        return "JobContext[" + name + (id == null ? "" : " " + id) + ", attempt " + attempt + "]";
    }
}
