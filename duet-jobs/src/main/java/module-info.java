/**
 * Durable jobs and recurring schedules for Duet apps, on db-scheduler: {@link dev.duet.jobs.Jobs}.
 * {@code dev.duet.jobs.internal} is not exported.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.duet.jobs {
    exports dev.duet.jobs;

    requires transitive dev.duet.db;
    requires com.github.kagkarlsson.scheduler;
}
