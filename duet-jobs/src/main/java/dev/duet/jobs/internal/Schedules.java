package dev.duet.jobs.internal;

import com.github.kagkarlsson.scheduler.task.schedule.Schedule;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        Schedule parsed;
        try {
            parsed = com.github.kagkarlsson.scheduler.task.schedule.Schedules.cron(cron.strip(), ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a cron expression (six fields: second minute hour day-of-month month"
                    + " day-of-week): '" + cron + "': " + e.getMessage(), e);
        }
        return new OnTheSecond(parsed);
    }

    /**
     * A cron schedule whose slots fall on whole seconds: the cron library keeps the fraction of the
     * time it counts from, so "every second" after a run that ended at 12.488 s would be 13.488 s.
     */
    private record OnTheSecond(Schedule cron) implements Schedule {
        @Override
        public Instant getNextExecutionTime(ExecutionComplete done) {
            Instant t = done.getTimeDone().truncatedTo(ChronoUnit.SECONDS);
            return cron.getNextExecutionTime(ExecutionComplete.success(done.getExecution(), t, t));
        }

        @Override
        public Instant getInitialExecutionTime(Instant now) {
            return cron.getInitialExecutionTime(now.truncatedTo(ChronoUnit.SECONDS));
        }

        @Override
        public boolean isDeterministic() {
            return cron.isDeterministic();
        }

        @Override
        public boolean isDisabled() {
            return cron.isDisabled();
        }

        @Override
        public String toString() {
            return cron.toString();
        }
    }

    /** A schedule due {@code interval} after each run ends. */
    public static Schedule every(Duration interval) {
        return com.github.kagkarlsson.scheduler.task.schedule.Schedules.fixedDelay(interval);
    }
}
