package dev.duet.jobs;

import java.time.Instant;

/**
 * A recurring job's state, as {@link Jobs#schedules()} finds it in the database (so it is the
 * same on every instance).
 *
 * @param name                the schedule's name
 * @param schedule            when it runs ({@code "every PT10S"}, {@code "cron 0 0 3 * * *"})
 * @param nextRunAt           when it is due next, or null if it is not in the database yet
 * @param lastSuccessAt       when a run last succeeded, or null
 * @param lastFailureAt       when a run last failed, or null
 * @param consecutiveFailures failed runs since the last success
 * @param running             whether an instance is running it now
 */
public record ScheduleStatus(String name, String schedule, Instant nextRunAt, Instant lastSuccessAt, Instant lastFailureAt,
                             int consecutiveFailures, boolean running) {
}
