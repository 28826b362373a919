package dev.duet.jobs;

import java.time.Instant;

/**
 * What {@link Jobs#status(JobId)} knows about a job.
 *
 * @param id            the job's id
 * @param type          its type's name
 * @param state         where it is
 * @param attempts      the attempts that have ended (failed ones, and the one that finished)
 * @param lastError     the last failed attempt's error (type and message), or null
 * @param result        the finished job's result as JSON text ({@code "null"} for none), or null before
 * @param requestId     the id of the request that enqueued it, or null
 * @param createdAt     when it was enqueued
 * @param nextAttemptAt when it runs next (queued or failed), else null
 * @param finishedAt    when it became {@link JobState#DONE} or {@link JobState#DEAD}, else null
 */
public record JobStatus(JobId id, String type, JobState state, int attempts, String lastError, String result,
                        String requestId, Instant createdAt, Instant nextAttemptAt, Instant finishedAt) {
}
