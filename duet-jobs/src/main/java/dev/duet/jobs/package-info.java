/**
 * Durable jobs and recurring schedules for Duet apps, on db-scheduler.
 *
 * <ul>
 * <li>{@link dev.duet.jobs.JobType}: a named job with a typed JSON payload and a blocking or async handler.</li>
 * <li>{@link dev.duet.jobs.Recurring} and {@link dev.duet.jobs.Schedule}: jobs that run every interval or at cron slots.</li>
 * <li>{@link dev.duet.jobs.Jobs}: defines them, enqueues (in the app's transaction), reports
 *     {@link dev.duet.jobs.JobStatus}, {@link dev.duet.jobs.JobCounts} and {@link dev.duet.jobs.ScheduleStatus}.</li>
 * <li>{@link dev.duet.jobs.JobsConfig}: the knobs, with defaults.</li>
 * </ul>
 */
package dev.duet.jobs;
