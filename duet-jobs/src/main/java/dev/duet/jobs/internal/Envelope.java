package dev.duet.jobs.internal;

/**
 * What a job's execution row carries: its payload as JSON text, read into the type's class only
 * when it runs (so a payload that no longer fits fails that job, not the poll that fetched it),
 * and the id of the request that enqueued it, for the log.
 */
public record Envelope(String payload, String requestId) {
}
