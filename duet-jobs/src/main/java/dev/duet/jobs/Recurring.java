package dev.duet.jobs;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A recurring job: a name, a {@link Schedule} and a handler, blocking or async. A failed run is
 * logged and counted ({@link ScheduleStatus#consecutiveFailures()}); the next slot runs as usual.
 *
 * <pre>{@code
 * Recurring.of("count-users", Schedule.every(Duration.ofSeconds(10)), ctx -> log.info("{} users", users.count()));
 * }</pre>
 */
public final class Recurring {
    /** A blocking run of a recurring job. */
    @FunctionalInterface
    public interface Handler {
        /** Does one run; throws to mark it failed. */
        void run(JobContext context) throws Exception;
    }

    /** An async run of a recurring job. */
    @FunctionalInterface
    public interface AsyncHandler {
        /** Starts one run; the stage's failure marks it failed. */
        CompletionStage<?> run(JobContext context);
    }

    private final String name;
    private final Schedule schedule;
    private final Handler blocking;
    private final AsyncHandler async;

    private Recurring(String name, Schedule schedule, Handler blocking, AsyncHandler async) {
        this.name = Names.check(name, "schedule");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.blocking = blocking;
        this.async = async;
    }

    /** A recurring job whose handler blocks (on a virtual thread). */
    public static Recurring of(String name, Schedule schedule, Handler handler) {
        return new Recurring(name, schedule, Objects.requireNonNull(handler, "handler"), null);
    }

    /** A recurring job whose handler is async. */
    public static Recurring async(String name, Schedule schedule, AsyncHandler handler) {
        return new Recurring(name, schedule, null, Objects.requireNonNull(handler, "handler"));
    }

    /** Its name. */
    public String name() {
        return name;
    }

    /** When it runs. */
    public Schedule schedule() {
        return schedule;
    }

    /** Whether the handler is async. */
    public boolean isAsync() {
        return async != null;
    }

    Handler blockingHandler() {
        return blocking;
    }

    AsyncHandler asyncHandler() {
        return async;
    }

    @Override
    public String toString() {
        return "Recurring[" + name + ", " + schedule + "]";
    }
}
