package dev.duet.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * When a recurring job runs: {@link #every(Duration)} (the next run is due that long after the
 * last one ended) or {@link #cron(String)} (at each slot of a cron expression). Each run is taken
 * by exactly one instance of the app, however many share the database.
 *
 * <pre>{@code
 * Schedule.every(Duration.ofSeconds(10));
 * Schedule.cron("0 0 3 * * *");          // every day at 03:00:00 (seconds first)
 * }</pre>
 */
public final class Schedule {
    private final Duration interval;
    private final String cron;

    private Schedule(Duration interval, String cron) {
        this.interval = interval;
        this.cron = cron;
    }

    /** Runs due {@code interval} after the previous run ended (and at start if it never ran); at least 10 ms. */
    public static Schedule every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("A schedule's interval must be at least 10 ms, not " + interval);
        }
        return new Schedule(interval, null);
    }

    /**
     * Runs at each slot of {@code expression}, six fields: second, minute, hour, day of month,
     * month, day of week (as Spring's {@code @Scheduled}), in UTC. A wrong expression fails here,
     * with the parser's reason.
     */
    public static Schedule cron(String expression) {
        Objects.requireNonNull(expression, "expression");
        dev.duet.jobs.internal.Schedules.check(expression);
        return new Schedule(null, expression.strip());
    }

    /** The interval of an {@link #every} schedule, else null. */
    public Duration interval() {
        return interval;
    }

    /** The expression of a {@link #cron} schedule, else null. */
    public String cronExpression() {
        return cron;
    }

    @Override
    public String toString() {
        return interval != null ? "every " + interval : "cron " + cron;
    }
}
