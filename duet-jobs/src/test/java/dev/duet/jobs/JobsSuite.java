package dev.duet.jobs;

import dev.duet.App;
import dev.duet.db.Database;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What one instance of duet-jobs does, on a real database of each kind (the subclasses): jobs run
 * with their results kept, enqueueing follows the caller's transaction, failures are retried with
 * back-off and then dead, schedules run and are listed, the request's id reaches the job's log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobsSuite {
    record Echo(String text) {
    }

    private static final Duration LIMIT = Duration.ofSeconds(20);

    abstract TestDbs.Kind kind();

    private TestDbs.Isolated isolated;
    Database db;
    Jobs jobs;
    /** Calls per payload text, to tell which jobs ran and how often. */
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** The MDC each echo job saw, by payload text. */
    final Map<String, Map<String, String>> mdcSeen = new ConcurrentHashMap<>();
    final AtomicInteger ticks = new AtomicInteger();
    /** Runs of "held" jobs wait here until the test releases them. */
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch heldRunning = new java.util.concurrent.CountDownLatch(1);

    static JobsConfig.Builder fast() {
        return JobsConfig.builder().pollInterval(Duration.ofMillis(50)).backoff(Duration.ofMillis(20), Duration.ofMillis(100));
    }

    @BeforeAll
    void setUp() {
        isolated = kind().isolate();
        db = Database.connect(isolated.url());
        db.execute("CREATE TABLE notes (id INT NOT NULL)");
        jobs = Jobs.on(db).config(fast().build())
                .define(JobType.of("echo", Echo.class, (p, ctx) -> {
                            calls.computeIfAbsent(p.text(), k -> new AtomicInteger()).incrementAndGet();
                            Map<String, String> mdc = MDC.getCopyOfContextMap();
                            mdcSeen.put(p.text(), mdc == null ? Map.of() : mdc);
                            return new Echo(p.text().toUpperCase());
                        }),
                        JobType.async("async-echo", Echo.class, (p, ctx) -> CompletableFuture.supplyAsync(() -> new Echo(p.text() + "!"))),
                        JobType.of("always-fails", Echo.class, (p, ctx) -> {
                            calls.computeIfAbsent(p.text(), k -> new AtomicInteger()).incrementAndGet();
                            throw new IllegalStateException("boom on attempt " + ctx.attempt());
                        }).maxAttempts(3),
                        JobType.of("huge-result", Echo.class, (p, ctx) -> "x".repeat(300 * 1024)),
                        JobType.of("held", Echo.class, (p, ctx) -> {
                            heldRunning.countDown();
                            release.await();
                            return p.text();
                        }),
                        JobType.async("async-fails-once", Echo.class, (p, ctx) -> ctx.attempt() == 1
                                ? CompletableFuture.failedFuture(new java.io.IOException("flaky"))
                                : CompletableFuture.completedFuture(p.text())))
                .schedule(Recurring.of("tick", Schedule.every(Duration.ofMillis(100)), ctx -> ticks.incrementAndGet()))
                .start();
    }

    @AfterAll
    void tearDown() {
        if (jobs != null) jobs.stop();
        if (db != null) db.close();
        if (isolated != null) isolated.close();
    }

    JobStatus awaitFinal(JobId id) {
        Waits.until("job " + id + " to finish", LIMIT, () -> jobs.status(id).map(s -> s.state().isFinal()).orElse(false),
                () -> jobs.status(id));
        return jobs.status(id).orElseThrow();
    }

    @Test
    void aBlockingJobRunsAndKeepsItsResult() {
        JobId id = jobs.enqueue("echo", new Echo("hello"));
        JobStatus s = awaitFinal(id);
        assertThat(s.state()).isEqualTo(JobState.DONE);
        assertThat(s.result()).isEqualTo("{\"text\":\"HELLO\"}");
        assertThat(s.attempts()).isEqualTo(1);
        assertThat(s.type()).isEqualTo("echo");
        assertThat(s.lastError()).isNull();
        assertThat(s.finishedAt()).isNotNull();
        assertThat(calls.get("hello")).hasValue(1);
        assertThat(db.queryMaps("SELECT task_instance FROM scheduled_tasks WHERE task_instance = ?", id.value())).isEmpty();
    }

    @Test
    void theLateEndOfARunWhoseExecutionWasTakenBackWritesNothing() throws Exception {
        java.util.concurrent.CountDownLatch heldEnded = new java.util.concurrent.CountDownLatch(1);
        jobs.listen(new JobEvents() {
            @Override
            public void ended(String type) {
                if (type.equals("held")) heldEnded.countDown();
            }
        });
        JobId held = jobs.enqueue("held", new Echo("held"));
        assertThat(heldRunning.await(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // As if this instance had missed its heartbeats and another had taken the job back: the
        // execution's version moves on while the first run is still going.
        assertThat(db.execute("UPDATE scheduled_tasks SET version = version + 1 WHERE task_instance = ?", held.value())).isEqualTo(1);
        JobId other = jobs.enqueue("echo", new Echo("ends-beside-the-late-one"));
        release.countDown();
        assertThat(awaitFinal(other).state()).isEqualTo(JobState.DONE);
        // The late run's end (grouped with others on PostgreSQL, alone elsewhere) has been handled
        // once "ended" is told: it neither marked the job done nor removed the execution that is
        // no longer its own.
        assertThat(heldEnded.await(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(jobs.status(held).orElseThrow().state()).isIn(JobState.QUEUED, JobState.RUNNING);
        assertThat(jobs.status(held).orElseThrow().result()).isNull();
        assertThat(db.queryMaps("SELECT task_instance FROM scheduled_tasks WHERE task_instance = ?", held.value())).hasSize(1);
    }

    @Test
    void anAsyncJobRunsAndKeepsItsResult() {
        JobId id = jobs.enqueue("async-echo", new Echo("hey"));
        JobStatus s = awaitFinal(id);
        assertThat(s.state()).isEqualTo(JobState.DONE);
        assertThat(s.result()).isEqualTo("{\"text\":\"hey!\"}");
    }

    @Test
    void aJobEnqueuedInARolledBackTransactionIsNeverQueued() {
        JobId[] rolledBack = new JobId[1];
        assertThatThrownBy(() -> db.transaction(() -> {
            db.execute("INSERT INTO notes (id) VALUES (1)");
            rolledBack[0] = jobs.enqueue("echo", new Echo("rolled-back"));
            throw new IllegalStateException("the request failed");
        })).hasMessage("the request failed");
        // A job committed after it is done: had the first been queued, it would have been polled too.
        JobId later = db.transaction(() -> jobs.enqueue("echo", new Echo("committed-later")));
        assertThat(awaitFinal(later).state()).isEqualTo(JobState.DONE);
        assertThat(jobs.status(rolledBack[0])).isEmpty();
        assertThat(calls).doesNotContainKey("rolled-back");
        assertThat(db.queryMaps("SELECT id FROM notes WHERE id = 1")).isEmpty();
        assertThat(db.queryMaps("SELECT task_instance FROM scheduled_tasks WHERE task_instance = ?", rolledBack[0].value())).isEmpty();
    }

    @Test
    void aJobEnqueuedInACommittedTransactionRunsWithTheWrite() {
        JobId id = db.transaction(() -> {
            db.execute("INSERT INTO notes (id) VALUES (2)");
            return jobs.enqueue(JobType.of("echo", Echo.class, (p, c) -> null), new Echo("committed"));
        });
        assertThat(awaitFinal(id).state()).isEqualTo(JobState.DONE);
        assertThat(calls.get("committed")).hasValue(1);
        assertThat(db.queryMaps("SELECT id FROM notes WHERE id = 2")).hasSize(1);
    }

    @Test
    void aFailingJobIsRetriedThenDeadWithItsLastError() {
        JobId id = jobs.enqueue("always-fails", new Echo("doomed"));
        JobStatus s = awaitFinal(id);
        assertThat(s.state()).isEqualTo(JobState.DEAD);
        assertThat(s.attempts()).isEqualTo(3);
        assertThat(calls.get("doomed")).hasValue(3);
        assertThat(s.lastError()).isEqualTo("java.lang.IllegalStateException: boom on attempt 3");
        assertThat(s.nextAttemptAt()).isNull();
        // Dead and the execution gone in one transaction: never one without the other.
        assertThat(db.queryMaps("SELECT task_instance FROM scheduled_tasks WHERE task_instance = ?", id.value())).isEmpty();
        assertThat(jobs.counts().dead()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anAsyncJobThatFailsOnceSucceedsOnItsRetry() {
        JobId id = jobs.enqueue("async-fails-once", new Echo("second time lucky"));
        JobStatus s = awaitFinal(id);
        assertThat(s.state()).isEqualTo(JobState.DONE);
        assertThat(s.attempts()).isEqualTo(2);
        assertThat(s.result()).isEqualTo("\"second time lucky\"");
        assertThat(s.lastError()).isEqualTo("java.io.IOException: flaky");
    }

    @Test
    void aFailedJobWaitsOutItsJitteredBackoff() {
        // An instance of its own, with a one-minute back-off, so the failed state stays to be seen; on
        // tables of its own, since an instance that does not know a job type may still pick its rows.
        try (Jobs slow = Jobs.on(db).config(fast().backoff(Duration.ofMinutes(1), Duration.ofMinutes(10))
                        .tables("slow_tasks", "slow_job").build())
                .define(JobType.of("fails-slowly", Echo.class, (p, ctx) -> {
                    throw new IllegalArgumentException("not yet");
                }))
                .start()) {
            Instant before = Instant.now();
            JobId id = slow.enqueue("fails-slowly", new Echo("x"));
            Waits.until("the first attempt to fail", LIMIT,
                    () -> slow.status(id).map(s -> s.state() == JobState.FAILED).orElse(false), () -> slow.status(id));
            Instant after = Instant.now();
            JobStatus s = slow.status(id).orElseThrow();
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(s.lastError()).isEqualTo("java.lang.IllegalArgumentException: not yet");
            // The first wait is the base (one minute) less up to half of it.
            assertThat(s.nextAttemptAt()).isBetween(before.plusSeconds(30), after.plusSeconds(60));
            assertThat(slow.counts().failed()).isEqualTo(1);
        }
    }

    @Test
    void aJobForLaterIsQueuedUntilThen() {
        JobId id = jobs.enqueueAt("echo", new Echo("tomorrow"), Instant.now().plus(Duration.ofDays(1)));
        JobStatus s = jobs.status(id).orElseThrow();
        assertThat(s.state()).isEqualTo(JobState.QUEUED);
        assertThat(s.attempts()).isZero();
        assertThat(s.nextAttemptAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThat(jobs.counts().queued()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void badEnqueuesFailClearly() {
        assertThatThrownBy(() -> jobs.enqueue("nope", new Echo("x"))).isInstanceOf(JobException.class)
                .hasMessageContaining("No job type 'nope' is defined").hasMessageContaining("echo");
        assertThatThrownBy(() -> jobs.enqueue("echo", "a string")).isInstanceOf(JobException.class)
                .hasMessageContaining("takes a dev.duet.jobs.JobsSuite$Echo payload, not java.lang.String");
        assertThatThrownBy(() -> jobs.enqueue("echo", null)).isInstanceOf(JobException.class).hasMessageContaining("not null");
        assertThat(jobs.status(JobId.random())).isEmpty();
    }

    @Test
    void payloadsAndResultsOverTheSizeLimitAreRefused() {
        assertThatThrownBy(() -> jobs.enqueue("echo", new Echo("é".repeat(140 * 1024)))).isInstanceOf(JobException.class)
                .hasMessage("The payload of a 'echo' job is 286731 bytes of JSON, over maxJsonSize (262144);"
                        + " store large data elsewhere and pass its key");
        JobId id = jobs.enqueue("huge-result", new Echo("big"));
        JobStatus s = awaitFinal(id);
        assertThat(s.state()).as("retrying would not make it smaller").isEqualTo(JobState.DEAD);
        assertThat(s.attempts()).isEqualTo(1);
        assertThat(s.lastError()).isEqualTo("dev.duet.jobs.JobException: The result is 307202 bytes of JSON, over maxJsonSize (262144)");
    }

    @Test
    void theCleanUpDeletesOnlyFinishedJobsPastTheirKeep() {
        // Tables of their own, so that the other tests' jobs are not touched.
        try (Jobs own = Jobs.on(db).config(fast().tables("keep_tasks", "keep_job").build())
                .define(JobType.of("quick", Echo.class, (p, ctx) -> p.text()),
                        JobType.of("doomed", Echo.class, (p, ctx) -> {
                            throw new IllegalStateException("no");
                        }).maxAttempts(1))
                .start()) {
            JobId done = own.enqueue("quick", new Echo("a"));
            JobId dead = own.enqueue("doomed", new Echo("b"));
            Waits.until("both to finish", LIMIT, () -> own.status(done).map(s -> s.state().isFinal()).orElse(false)
                    && own.status(dead).map(s -> s.state().isFinal()).orElse(false));
            JobId later = own.enqueueAt("quick", new Echo("c"), Instant.now().plus(Duration.ofDays(1)));
            var store = new dev.duet.jobs.internal.JobStore(db, "keep_job", "keep_tasks");
            assertThat(store.deleteFinishedBefore(Instant.now().minus(Duration.ofHours(1)))).as("nothing that old").isZero();
            assertThat(store.deleteFinishedBefore(Instant.now().plusSeconds(1))).isEqualTo(2);
            assertThat(own.status(done)).isEmpty();
            assertThat(own.status(dead)).isEmpty();
            assertThat(own.status(later).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        }
    }

    record Shape(int sides) {
    }

    @Test
    void aPayloadThatNoLongerFitsItsTypeIsDeadAtOnce() {
        // An old deploy enqueued text; the new one's "shape" takes a record: retrying would not help.
        JobsConfig tables = fast().tables("shape_tasks", "shape_job").build();
        Jobs old = Jobs.on(db).config(tables).define(JobType.of("shape", String.class, (p, ctx) -> p)).build();
        JobId id = old.enqueue("shape", "a triangle");
        try (Jobs current = Jobs.on(db).config(tables).define(JobType.of("shape", Shape.class, (p, ctx) -> p.sides())).start()) {
            Waits.until("the job to finish", LIMIT, () -> current.status(id).map(x -> x.state().isFinal()).orElse(false));
            JobStatus s = current.status(id).orElseThrow();
            assertThat(s.state()).isEqualTo(JobState.DEAD);
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(s.lastError()).startsWith("dev.duet.jobs.JobException: The payload cannot be read as dev.duet.jobs.JobsSuite$Shape: ");
        }
    }

    @Test
    void aStoppedInstanceRefusesToEnqueue() {
        Jobs other = Jobs.on(db).config(fast().build()).define(JobType.of("echo", Echo.class, (p, c) -> null)).build();
        JobId queued = other.enqueue("echo", new Echo("enqueued-by-a-web-only-instance"));
        other.stop();
        assertThatThrownBy(() -> other.enqueue("echo", new Echo("late"))).isInstanceOf(JobException.class).hasMessageContaining("stopped");
        assertThatThrownBy(other::start).isInstanceOf(JobException.class).hasMessageContaining("once");
        // The never-started instance's job is run by the running one.
        assertThat(awaitFinal(queued).state()).isEqualTo(JobState.DONE);
    }

    @Test
    void aScheduleRunsAndIsListedWithItsLastRun() {
        int seen = ticks.get();
        Waits.until("two more ticks", LIMIT, () -> ticks.get() >= seen + 2);
        Waits.until("the tick's success to be recorded", LIMIT, () -> jobs.schedules().getFirst().lastSuccessAt() != null);
        List<ScheduleStatus> list = jobs.schedules();
        assertThat(list).hasSize(1);
        ScheduleStatus tick = list.getFirst();
        assertThat(tick.name()).isEqualTo("tick");
        assertThat(tick.schedule()).isEqualTo("every PT0.1S");
        assertThat(tick.consecutiveFailures()).isZero();
        assertThat(tick.nextRunAt()).isNotNull();
    }

    @Test
    void theEnqueuingRequestsIdIsInTheJobsLogContext() {
        App app = App.create();
        app.post("/enqueue", req -> Map.of("job", jobs.enqueue("echo", new Echo("from-request")).value(), "request", req.id()));
        Map<String, Object> answer;
        try (TestClient client = TestClient.of(app)) {
            answer = client.post("/enqueue", "", "text/plain").jsonMap();
        } finally {
            app.stop();
        }
        JobId id = JobId.parse((String) answer.get("job"));
        JobStatus s = awaitFinal(id);
        assertThat(s.requestId()).isEqualTo(answer.get("request")).isNotNull();
        assertThat(mdcSeen.get("from-request")).containsEntry("requestId", (String) answer.get("request"))
                .containsEntry("jobId", id.value()).containsEntry("job", "echo");
        // Enqueued outside a request: no request id, and none left over from another job.
        JobId plain = jobs.enqueue("echo", new Echo("no-request"));
        assertThat(awaitFinal(plain).requestId()).isNull();
        assertThat(mdcSeen.get("no-request")).doesNotContainKey("requestId").containsEntry("jobId", plain.value());
        assertThat(Optional.ofNullable(MDC.get("jobId"))).isEmpty();
    }
}
