package dev.duet.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.event.SchedulerListener;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.duet.App;
import dev.duet.Request;
import dev.duet.db.Database;
import dev.duet.jobs.internal.Ddl;
import dev.duet.jobs.internal.Envelope;
import dev.duet.jobs.internal.JobStore;
import dev.duet.jobs.internal.LentConnections;
import dev.duet.jobs.internal.Traces;
import tools.jackson.core.JacksonException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Durable jobs and recurring schedules, kept in the app's database and run by db-scheduler on
 * every instance that {@link #start()}s them. A job is enqueued in the caller's transaction when
 * there is one, so it exists exactly when the writes it was queued for do; it is retried with
 * exponential back-off and jitter, then dead with its last error; a job whose instance died is run
 * again elsewhere once its heartbeats stop. Each schedule's slot runs on one instance only.
 *
 * <pre>{@code
 * record Report(long userId) {}
 * Jobs jobs = Jobs.on(db)
 *         .define(JobType.of("report", Report.class, (payload, ctx) -> reports.build(payload.userId())))
 *         .schedule(Recurring.of("count-users", Schedule.every(Duration.ofSeconds(10)), ctx -> log.info("{}", users.count())))
 *         .build()
 *         .runWith(app);                     // started and stopped with the app
 *
 * app.post("/reports", req -> db.transaction(() -> {
 *     Order o = orders.create(req.bodyAs(Order.class));
 *     return Response.accepted(Map.of("job", jobs.enqueue("report", new Report(o.userId())).value()));
 * }));
 * }</pre>
 *
 * <p>Tables: db-scheduler's executions ({@code scheduled_tasks}) and Duet's job states
 * ({@code duet_job}), created when missing unless {@link JobsConfig#createTables()} is off.
 */
public final class Jobs implements AutoCloseable {
    private enum Phase { READY, STARTED, STOPPED }

    private final Database db;
    private final JobsConfig config;
    private final Map<String, JobType<?>> types;
    private final List<Recurring> schedules;
    private final JobStore store;
    private final LentConnections lent;
    private final SchedulerClient client;
    private final boolean postgres;
    private final com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization jdbc;
    private final dev.duet.jobs.internal.EnvelopeSerializer serializer;
    private final List<Task<?>> tasks;
    /** The schedules' tasks (and the clean-up), which each instance puts in the table at start if missing. */
    private final List<RecurringTask<Void>> recurring;
    private final JobEvents.Fanout events = new JobEvents.Fanout();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private volatile Phase phase = Phase.READY;
    private volatile Scheduler scheduler;

    private Jobs(Builder b) {
        this.db = b.db;
        this.config = b.config;
        this.types = Map.copyOf(b.types);
        this.schedules = List.copyOf(b.schedules.values());
        this.store = new JobStore(db, config.jobsTable(), config.executionsTable());
        this.lent = new LentConnections(db.dataSource());
        Runner runner = new Runner(config, store, db, lent, () -> phase != Phase.STARTED, events);
        List<RecurringTask<Void>> rec = new ArrayList<>();
        for (Recurring r : b.schedules.values()) rec.add(runner.task(r));
        rec.add(runner.cleanup());
        this.recurring = List.copyOf(rec);
        List<Task<?>> all = new ArrayList<>();
        for (JobType<?> t : b.types.values()) all.add(runner.task(t));
        this.tasks = List.copyOf(all);
        if (config.createTables()) {
            for (String sql : Ddl.statements(db.dialect(), config.executionsTable(), config.jobsTable())) db.execute(sql);
        }
        this.postgres = db.dialect().equals("postgresql");
        this.jdbc = Dialects.customization(db.dialect());
        this.serializer = new dev.duet.jobs.internal.EnvelopeSerializer(config.jsonMapper());
        List<Task<?>> known = new ArrayList<>(tasks);
        known.addAll(recurring);
        this.client = SchedulerClient.Builder.create(lent, known)
                .serializer(serializer)
                .tableName(config.executionsTable())
                .jdbcCustomization(jdbc)
                .build();
    }

    /** Starts defining the jobs of {@code db}. */
    public static Builder on(Database db) {
        return new Builder(db);
    }

    // ---- enqueue ----

    /**
     * Enqueues a job of type {@code type} with {@code payload}, to run as soon as an instance is
     * free; in the current transaction of the job's database if there is one (so it is queued only
     * if that transaction commits), else on its own. Works whether or not this instance
     * {@link #start()}ed: web instances may enqueue for workers elsewhere.
     *
     * @throws JobException for an unknown type, a payload of another class, or one that cannot be written as JSON
     */
    public JobId enqueue(String type, Object payload) {
        return enqueueAt(type, payload, Instant.now());
    }

    /** {@link #enqueue(String, Object)}, typed by the {@link JobType} the app defined. */
    public <P> JobId enqueue(JobType<P> type, P payload) {
        return enqueueAt(type.name(), payload, Instant.now());
    }

    /** {@link #enqueue(String, Object)}, not to run before {@code runAt}. */
    public JobId enqueueAt(String type, Object payload, Instant runAt) {
        Objects.requireNonNull(runAt, "runAt");
        if (phase == Phase.STOPPED) throw new JobException("Jobs are stopped: cannot enqueue a '" + type + "' job");
        JobType<?> t = types.get(type);
        if (t == null) throw new JobException("No job type '" + type + "' is defined; defined are " + types.keySet());
        if (payload == null || !t.payloadType().isInstance(payload)) {
            throw new JobException("A '" + type + "' job takes a " + t.payloadType().getName() + " payload, not "
                    + (payload == null ? "null" : payload.getClass().getName()));
        }
        String json;
        try {
            json = config.jsonMapper().writeValueAsString(payload);
        } catch (JacksonException e) {
            throw new JobException("The payload of a '" + type + "' job cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        int size = Runner.utf8Length(json);
        if (size > config.maxJsonSize()) {
            throw new JobException("The payload of a '" + type + "' job is " + size + " bytes of JSON, over maxJsonSize ("
                    + config.maxJsonSize() + "); store large data elsewhere and pass its key");
        }
        JobId id = JobId.random();
        Request req = Request.currentOrNull();
        String requestId = req == null ? null : req.id();
        String[] trace = Traces.capture();   // the enqueuer's trace, which the job's span continues
        TaskInstance<Envelope> instance = new TaskInstance<>(type, id.value(),
                new Envelope(json, requestId, trace == null ? null : trace[0], trace == null ? null : trace[1]));
        if (postgres) {
            // One statement writes both rows: joins the caller's transaction, or is atomic alone.
            store.insertQueuedWithExecution(config.executionsTable(), jdbc, id, type, json, requestId,
                    serializer.serialize(instance.getData()), Instant.now(), runAt);
        } else {
            Runnable write = () -> {
                store.insertQueued(id, type, json, requestId, Instant.now(), runAt);
                // A batch of one: a plain insert (scheduleIfNotExists would look for the new id first).
                db.withConnection(c -> lent.lending(c, () -> {
                    client.scheduleBatch(List.of(instance), runAt);
                    return null;
                }));
            };
            // Inside the caller's transaction, joined as it is (a savepoint would cost a round trip).
            if (db.inTransaction()) {
                write.run();
            } else {
                db.transaction(write::run);
            }
        }
        events.enqueued(type);
        return id;
    }

    // ---- what is there ----

    /** The job's state, from the database (so any instance answers the same); empty if unknown or cleaned up. */
    public Optional<JobStatus> status(JobId id) {
        return store.status(Objects.requireNonNull(id, "id"));
    }

    /** How many jobs are in each state (one query). */
    public JobCounts counts() {
        return store.counts();
    }

    /** Each schedule with its next, last successful and last failed run, in definition order. */
    public List<ScheduleStatus> schedules() {
        List<ScheduleStatus> out = new ArrayList<>();
        for (Recurring r : schedules) {
            Optional<ScheduledExecution<Object>> e = client.getScheduledExecution(TaskInstanceId.of(r.name(), RecurringTask.INSTANCE));
            out.add(e.map(x -> new ScheduleStatus(r.name(), r.schedule().toString(), x.getExecutionTime(), x.getLastSuccess(),
                            x.getLastFailure(), x.getConsecutiveFailures(), x.isPicked()))
                    .orElseGet(() -> new ScheduleStatus(r.name(), r.schedule().toString(), null, null, null, 0, false)));
        }
        return out;
    }

    /** The defined job types' names. */
    public java.util.Set<String> types() {
        return types.keySet();
    }

    /** The configuration. */
    public JobsConfig config() {
        return config;
    }

    /** Whether this instance runs jobs now: {@link #start()}ed and not stopped (what a readiness check asks). */
    public boolean isRunning() {
        Scheduler s = scheduler;
        return phase == Phase.STARTED && s != null && !s.getSchedulerState().isShuttingDown();
    }

    // ---- lifecycle ----

    /**
     * Starts running jobs and schedules on this instance (each on a virtual thread, at most
     * {@link JobsConfig#threads()} at once). Once only.
     */
    public Jobs start() {
        lifecycle.lock();
        try {
            if (phase != Phase.READY) throw new JobException("Jobs can be started once; they are " + phase.name().toLowerCase());
            Scheduler s = Dialects.polling(db.dialect(), Scheduler.create(lent, tasks))
                    .startTasks(recurring)
                    .serializer(serializer)
                    .tableName(config.executionsTable())
                    .jdbcCustomization(jdbc)
                    .schedulerName(new SchedulerName.Fixed(config.instanceName()))
                    .threads(config.threads())
                    .executorService(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("duet-job-", 0).factory()))
                    .pollingInterval(config.pollInterval())
                    .heartbeatInterval(config.heartbeat())
                    .missedHeartbeatsLimit(config.missedHeartbeats())
                    .shutdownMaxWait(config.shutdownWait())
                    .failureLogging(LogLevel.DEBUG, false)
                    .addSchedulerListener(new Health(events))
                    .build();
            scheduler = s;
            phase = Phase.STARTED;
            s.start();
            return this;
        } finally {
            lifecycle.unlock();
        }
    }

    /** Starts with {@code app} and stops with it (running jobs get {@link JobsConfig#shutdownWait()} to end). */
    public Jobs runWith(App app) {
        app.onStart(this::start);
        app.onStop(this::stop);
        return this;
    }

    /**
     * Stops taking jobs and waits up to {@link JobsConfig#shutdownWait()} (twice, the second time
     * interrupting) for running ones; a job still running then is run again elsewhere after the
     * heartbeat timeout. Enqueueing fails afterwards. Idempotent.
     */
    public void stop() {
        lifecycle.lock();
        try {
            Phase was = phase;
            phase = Phase.STOPPED;
            if (was == Phase.STARTED) scheduler.stop();
        } finally {
            lifecycle.unlock();
        }
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Listens to what happens to jobs on this instance ({@link JobsMetrics}). */
    void listen(JobEvents listener) {
        events.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Unfinished jobs per type, from the database. */
    List<JobStore.Depth> depth() {
        return store.depth(Instant.now());
    }

    /** db-scheduler's own troubles, as events: what a health check or a metrics scrape reads. */
    private static final class Health extends AbstractSchedulerListener {
        private final JobEvents events;

        Health(JobEvents events) {
            this.events = events;
        }

        @Override
        public void onExecutionDead(Execution execution) {
            events.revived(execution.taskInstance.getTaskName());
        }

        @Override
        public void onSchedulerEvent(SchedulerListener.SchedulerEventType type) {
            switch (type) {
                case UNEXPECTED_ERROR -> events.schedulerError("unexpected");
                case COMPLETIONHANDLER_ERROR -> events.schedulerError("completion");
                case FAILUREHANDLER_ERROR -> events.schedulerError("failure");
                case FAILED_HEARTBEAT -> events.schedulerError("heartbeat");
                default -> { }
            }
        }
    }

    @Override
    public String toString() {
        return "Jobs[" + types.keySet() + ", " + schedules.size() + " schedule(s), " + phase.name().toLowerCase() + "]";
    }

    /** Defines the jobs and schedules; {@link #build()} makes the tables and the {@link Jobs}. */
    public static final class Builder {
        private final Database db;
        private JobsConfig config = JobsConfig.defaults();
        private final Map<String, JobType<?>> types = new LinkedHashMap<>();
        private final Map<String, Recurring> schedules = new LinkedHashMap<>();

        private Builder(Database db) {
            this.db = Objects.requireNonNull(db, "db");
        }

        /** Uses {@code config} instead of the defaults. */
        public Builder config(JobsConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Defines job types; each name once, across types and schedules. */
        public Builder define(JobType<?>... jobTypes) {
            for (JobType<?> t : jobTypes) {
                checkNew(t.name());
                types.put(t.name(), t);
            }
            return this;
        }

        /** Adds recurring jobs; each name once, across types and schedules. */
        public Builder schedule(Recurring... recurring) {
            for (Recurring r : recurring) {
                checkNew(r.name());
                schedules.put(r.name(), r);
            }
            return this;
        }

        private void checkNew(String name) {
            if (types.containsKey(name) || schedules.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is already defined (job type and schedule names share one space)");
            }
        }

        /** The jobs, not yet running: creates the tables if the config says so. */
        public Jobs build() {
            return new Jobs(this);
        }

        /** {@link #build()}, then {@link Jobs#start()}. */
        public Jobs start() {
            return build().start();
        }
    }
}
