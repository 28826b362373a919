package dev.duet.jobs;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.duet.jobs.internal.Backoff;
import dev.duet.jobs.internal.Completions;
import dev.duet.jobs.internal.Envelope;
import dev.duet.db.Database;
import dev.duet.jobs.internal.JobStore;
import dev.duet.jobs.internal.LentConnections;
import dev.duet.jobs.internal.Schedules;
import dev.duet.jobs.internal.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Turns Duet's job types and schedules into db-scheduler tasks, and runs them: the payload read,
 * the handler called (an async one awaited on the execution's virtual thread), the outcome
 * written to the job store, and a failure either retried after a back-off or made dead. The log's
 * MDC carries the job's context throughout.
 */
final class Runner {
    private static final Logger log = LoggerFactory.getLogger("dev.duet.jobs");
    static final String CLEANUP = "duet-jobs-cleanup";

    private final JobsConfig config;
    private final JobStore store;
    private final JsonMapper mapper;
    private final Backoff backoff;
    private final BooleanSupplier stopping;
    private final Database db;
    private final LentConnections lent;
    private final boolean asyncCommit;
    private final JobEvents events;
    /** PostgreSQL's grouped writes of successful jobs' ends; null elsewhere (one transaction per job). */
    private final Completions completions;

    Runner(JobsConfig config, JobStore store, Database db, LentConnections lent, BooleanSupplier stopping, JobEvents events) {
        this.config = config;
        this.store = store;
        this.db = db;
        this.lent = lent;
        this.events = events;
        this.asyncCommit = db.dialect().equals("postgresql");
        this.completions = asyncCommit ? new Completions(db, config.jobsTable(), config.executionsTable()) : null;
        this.mapper = config.jsonMapper();
        this.backoff = new Backoff(config.backoffBase(), config.backoffMax());
        this.stopping = stopping;
    }

    /** A failed attempt's cause, carried through db-scheduler (whose handler cannot throw checked exceptions). */
    static final class AttemptFailed extends RuntimeException {
        final boolean permanent;

        AttemptFailed(Throwable cause, boolean permanent) {
            super(cause);
            this.permanent = permanent;
        }
    }

    <P> Task<Envelope> task(JobType<P> type) {
        int maxAttempts = type.maxAttempts() > 0 ? type.maxAttempts() : config.maxAttempts();
        return Tasks.custom(type.name(), Envelope.class)
                .onFailure((complete, ops) -> failed(type.name(), maxAttempts, complete, ops))
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> run(type, instance, ctx));
    }

    private <P> CompletionHandler<Envelope> run(JobType<P> type, TaskInstance<Envelope> instance, ExecutionContext ectx) {
        Execution ex = ectx.getExecution();
        JobId id = new JobId(instance.getId());
        int attempt = ex.consecutiveFailures + 1;
        Envelope envelope = instance.getData();
        String requestId = envelope == null ? null : envelope.requestId();
        JobContext ctx = new JobContext(id, type.name(), attempt, requestId, ex.executionTime, stopping);
        String[] json = new String[1];
        events.started(type.name());
        withMdc(id, type.name(), requestId, () -> Traces.run("job " + type.name(), id.value(), attempt,
                envelope == null ? null : envelope.traceparent(), envelope == null ? null : envelope.tracestate(), () -> {
            P payload;
            try {
                payload = mapper.readValue(envelope == null ? "null" : envelope.payload(), type.payloadType());
            } catch (JacksonException e) {
                throw new AttemptFailed(new JobException("The payload cannot be read as " + type.payloadType().getName() + ": "
                        + e.getOriginalMessage()), true);
            }
            Object result;
            try {
                result = type.isAsync() ? await(type.asyncHandler().run(payload, ctx)) : type.blockingHandler().run(payload, ctx);
            } catch (Exception e) {
                throw new AttemptFailed(e, false);
            }
            try {
                json[0] = mapper.writeValueAsString(result);
            } catch (JacksonException e) {
                throw new AttemptFailed(new JobException("The result cannot be written as JSON: " + e.getOriginalMessage()), true);
            }
            int size = utf8Length(json[0]);
            if (size > config.maxJsonSize()) {
                throw new AttemptFailed(new JobException("The result is " + size + " bytes of JSON, over maxJsonSize ("
                        + config.maxJsonSize() + ")"), true);
            }
        }));
        return (complete, ops) -> {
            try {
                if (completions != null) {
                    completions.complete(new Completions.Done(id.value(), ex.taskInstance.getTaskName(), ex.version, attempt, json[0],
                            System.currentTimeMillis()));
                } else {
                    inOneTransaction(() -> {
                        store.markDone(id, attempt, json[0], Instant.now());
                        ops.remove();
                    });
                }
                events.succeeded(type.name(), complete.getDuration());
            } finally {
                events.ended(type.name());
            }
        };
    }

    /**
     * Runs {@code work} (a job-store write and db-scheduler's matching change to the execution) in
     * one transaction, db-scheduler's statements on its connection: a job is never done or dead
     * with its execution still due, nor the other way round.
     */
    private void inOneTransaction(Runnable work) {
        db.transaction(() -> db.withConnection(c -> {
            // A job's outcome need not wait for the WAL's flush on PostgreSQL: if the server
            // crashed in the few milliseconds before it, the job would run again, as it would had
            // this instance died just before committing. Jobs are run at least once either way; a
            // job's enqueue (the app's own transaction) keeps the server's setting.
            if (asyncCommit) {
                try (var st = c.createStatement()) {
                    st.execute("SET LOCAL synchronous_commit TO OFF");
                }
            }
            return lent.lending(c, () -> {
                work.run();
                return null;
            });
        }));
    }

    private void failed(String type, int maxAttempts, ExecutionComplete complete, ExecutionOperations<Envelope> ops) {
        Execution ex = complete.getExecution();
        JobId id = new JobId(ex.taskInstance.getId());
        int attempts = ex.consecutiveFailures + 1;
        Throwable cause = complete.getCause().orElse(null);
        boolean permanent = cause instanceof AttemptFailed af && af.permanent;
        if (cause instanceof AttemptFailed af) cause = af.getCause();
        String error = describe(cause);
        Object data = ex.taskInstance.getData();
        String requestId = data instanceof Envelope e ? e.requestId() : null;
        Throwable logged = cause;
        try {
            failed(type, maxAttempts, complete, ops, id, attempts, permanent, error, requestId, logged);
        } finally {
            events.ended(type);
        }
    }

    private void failed(String type, int maxAttempts, ExecutionComplete complete, ExecutionOperations<Envelope> ops, JobId id,
                        int attempts, boolean permanent, String error, String requestId, Throwable logged) {
        withMdc(id, type, requestId, () -> {
            if (permanent || attempts >= maxAttempts) {
                inOneTransaction(() -> {
                    store.markDead(id, attempts, error, Instant.now());
                    ops.remove();
                });
                events.dead(type, complete.getDuration());
                log.warn("Job {} ({}) is dead after {} attempt(s): {}", id, type, attempts, error, logged);
            } else {
                Duration wait = backoff.delay(attempts);
                Instant next = complete.getTimeDone().plus(wait);
                inOneTransaction(() -> {
                    store.markFailed(id, attempts, error, next);
                    ops.reschedule(complete, next);
                });
                events.failed(type, complete.getDuration());
                log.info("Job {} ({}) attempt {} failed, retried in {} ms: {}", id, type, attempts, wait.toMillis(), error);
            }
        });
    }

    RecurringTask<Void> task(Recurring r) {
        var schedule = r.schedule().interval() != null ? Schedules.every(r.schedule().interval())
                : Schedules.toCron(r.schedule().cronExpression());
        return Tasks.recurring(r.name(), schedule).execute((instance, ectx) -> {
            Execution ex = ectx.getExecution();
            JobContext ctx = new JobContext(null, r.name(), ex.consecutiveFailures + 1, null, ex.executionTime, stopping);
            long t0 = System.nanoTime();
            events.started(r.name());
            try {
                withMdc(null, r.name(), null, () -> Traces.run("schedule " + r.name(), null, ctx.attempt(), null, null, () -> {
                    try {
                        if (r.isAsync()) await(r.asyncHandler().run(ctx));
                        else r.blockingHandler().run(ctx);
                    } catch (Exception e) {
                        log.warn("Scheduled job {} failed (run due {}); the next slot runs as usual", r.name(), ex.executionTime, e);
                        events.failed(r.name(), Duration.ofNanos(System.nanoTime() - t0));
                        throw new AttemptFailed(e, false);
                    }
                }));
                events.succeeded(r.name(), Duration.ofNanos(System.nanoTime() - t0));
            } finally {
                events.ended(r.name());
            }
        });
    }

    /** Deletes finished jobs older than {@code keepFinished}, on one instance at a time like any schedule. */
    RecurringTask<Void> cleanup() {
        Duration every = config.keepFinished().dividedBy(10);
        if (every.compareTo(Duration.ofHours(1)) > 0) every = Duration.ofHours(1);
        return Tasks.recurring(CLEANUP, Schedules.every(every)).execute((instance, ectx) -> {
            int n = store.deleteFinishedBefore(Instant.now().minus(config.keepFinished()));
            if (n > 0) log.debug("Deleted {} finished job(s) older than {}", n, config.keepFinished());
        });
    }

    /** The UTF-8 length of {@code s}, without encoding it. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    private static Object await(CompletionStage<?> stage) throws Exception {
        if (stage == null) throw new JobException("The async handler returned null instead of a CompletionStage");
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) c = c.getCause();
            if (c instanceof Exception x) throw x;
            throw e;
        }
    }

    private static String describe(Throwable t) {
        if (t == null) return "unknown failure";
        String m = t.getMessage();
        return t.getClass().getName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static void withMdc(JobId id, String name, String requestId, Runnable body) {
        String prevId = MDC.get("jobId"), prevJob = MDC.get("job"), prevRequest = MDC.get("requestId");
        put("jobId", id == null ? null : id.value());
        put("job", name);
        put("requestId", requestId);
        try {
            body.run();
        } finally {
            put("jobId", prevId);
            put("job", prevJob);
            put("requestId", prevRequest);
        }
    }

    private static void put(String key, String value) {
        if (value == null) MDC.remove(key);
        else MDC.put(key, value);
    }
}
