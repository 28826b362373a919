package dev.duet.jobs;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A kind of job: a name, the class of its payload (written as JSON with the app's mapper), and a
 * handler, blocking or async, as Duet's routes are. A blocking handler runs on a virtual thread;
 * an async one returns a stage, and the job is over when that stage is. What a handler returns is
 * the job's result, kept as JSON ({@link JobStatus#result()}); what it throws fails the attempt,
 * which is retried with back-off until {@link #maxAttempts} are spent, then the job is dead.
 *
 * <pre>{@code
 * record Report(long userId) {}
 * JobType<Report> report = JobType.of("report", Report.class, (payload, ctx) -> reports.build(payload.userId()));
 * JobType<Report> mail = JobType.async("mail", Report.class, (payload, ctx) -> mailer.send(payload.userId()))
 *         .maxAttempts(10);
 * }</pre>
 *
 * @param <P> the payload's type
 */
public final class JobType<P> {
    /** A blocking job handler. */
    @FunctionalInterface
    public interface Handler<P> {
        /** Does the job; returns its result (may be null), or throws to fail this attempt. */
        Object run(P payload, JobContext context) throws Exception;
    }

    /** An async job handler. */
    @FunctionalInterface
    public interface AsyncHandler<P> {
        /** Starts the job; the stage's value is its result, its failure fails this attempt. */
        CompletionStage<?> run(P payload, JobContext context);
    }

    private final String name;
    private final Class<P> payloadType;
    private final Handler<P> blocking;
    private final AsyncHandler<P> async;
    private final int maxAttempts;

    private JobType(String name, Class<P> payloadType, Handler<P> blocking, AsyncHandler<P> async, int maxAttempts) {
        this.name = Names.check(name, "job type");
        this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
        this.blocking = blocking;
        this.async = async;
        this.maxAttempts = maxAttempts;
    }

    /** A job type whose handler blocks (it runs on a virtual thread). */
    public static <P> JobType<P> of(String name, Class<P> payloadType, Handler<P> handler) {
        return new JobType<>(name, payloadType, Objects.requireNonNull(handler, "handler"), null, 0);
    }

    /** A job type whose handler is async. */
    public static <P> JobType<P> async(String name, Class<P> payloadType, AsyncHandler<P> handler) {
        return new JobType<>(name, payloadType, null, Objects.requireNonNull(handler, "handler"), 0);
    }

    /**
     * This type with its own limit of attempts (the first run and its retries), instead of
     * {@link JobsConfig#maxAttempts()}; 1 means never retried.
     */
    public JobType<P> maxAttempts(int attempts) {
        if (attempts < 1 || attempts > JobsConfig.MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException("maxAttempts of job type '" + name + "' must be 1 to " + JobsConfig.MAX_ATTEMPTS_LIMIT
                    + ", not " + attempts);
        }
        return new JobType<>(name, payloadType, blocking, async, attempts);
    }

    /** The type's name, which {@link Jobs#enqueue(String, Object)} takes. */
    public String name() {
        return name;
    }

    /** The payload's class. */
    public Class<P> payloadType() {
        return payloadType;
    }

    /** Whether the handler is async. */
    public boolean isAsync() {
        return async != null;
    }

    /** This type's own limit of attempts, or 0 if it uses the configured one. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The blocking handler, or null for an async type. */
    Handler<P> blockingHandler() {
        return blocking;
    }

    /** The async handler, or null for a blocking type. */
    AsyncHandler<P> asyncHandler() {
        return async;
    }

    @Override
    public String toString() {
        return "JobType[" + name + ", " + payloadType.getSimpleName() + (isAsync() ? ", async" : "") + "]";
    }
}
