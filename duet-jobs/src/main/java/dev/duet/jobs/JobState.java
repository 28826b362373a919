package dev.duet.jobs;

/**
 * Where a job is in its life. {@link #DONE} and {@link #DEAD} are final; the others move on.
 */
public enum JobState {
    /** Waiting for its first run. */
    QUEUED,
    /** Running on one of the app's instances now. */
    RUNNING,
    /** Its last attempt failed; it runs again after a back-off (see {@link JobStatus#nextAttemptAt()}). */
    FAILED,
    /** It finished, with a result (perhaps null). */
    DONE,
    /** Every attempt failed: it will not run again; {@link JobStatus#lastError()} says why (the dead-letter state). */
    DEAD;

    /** Whether the job will not change any more. */
    public boolean isFinal() {
        return this == DONE || this == DEAD;
    }

    /** The lower-case name, as JSON answers show it ({@code "queued"}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
