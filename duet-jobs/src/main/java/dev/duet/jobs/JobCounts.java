package dev.duet.jobs;

/**
 * How many jobs are in each state, as {@link Jobs#counts()} finds them (one query): the figures a
 * metrics endpoint or an admin page shows.
 *
 * @param queued  waiting for their first run
 * @param running running now
 * @param failed  waiting to be retried
 * @param done    finished and still kept (see {@link JobsConfig.Builder#keepFinished})
 * @param dead    given up, still kept
 */
public record JobCounts(long queued, long running, long failed, long done, long dead) {
    /** The count for {@code state}. */
    public long of(JobState state) {
        return switch (state) {
            case QUEUED -> queued;
            case RUNNING -> running;
            case FAILED -> failed;
            case DONE -> done;
            case DEAD -> dead;
        };
    }
}
