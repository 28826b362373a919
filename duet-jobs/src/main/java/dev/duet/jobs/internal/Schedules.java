package dev.duet.jobs.internal;

import com.github.kagkarlsson.scheduler.task.schedule.Schedule;

import java.time.Duration;
import java.time.ZoneOffset;

/** Duet's schedules as db-scheduler's. */
public final class Schedules {
    private Schedules() {
    }

    /** Fails with the parser's reason if {@code cron} is not a six-field cron expression. */
    public static void check(String cron) {
        toCron(cron);
    }

    /** A cron schedule, in UTC so that every instance sees the same slots whatever its time zone. */
    public static Schedule toCron(String cron) {
        try {
            return com.github.kagkarlsson.scheduler.task.schedule.Schedules.cron(cron.strip(), ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a cron expression (six fields: second minute hour day-of-month month"
                    + " day-of-week): '" + cron + "': " + e.getMessage(), e);
        }
    }

    /** A schedule due {@code interval} after each run ends. */
    public static Schedule every(Duration interval) {
        return com.github.kagkarlsson.scheduler.task.schedule.Schedules.fixedDelay(interval);
    }
}
