package dev.duet.jobs;

import dev.duet.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (each its own Database pool and scheduler) on one real database: every job runs
 * exactly once, and every schedule slot once, across both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterSuite {
    record Work(int n) {
    }

    abstract TestDbs.Kind kind();

    private TestDbs.Isolated isolated;
    private final List<Database> dbs = new ArrayList<>();
    private final List<Jobs> instances = new ArrayList<>();
    /** Which instances ran each job. */
    private final Map<String, List<String>> runsByJob = new ConcurrentHashMap<>();
    /** Each schedule run's slot and instance, per schedule. */
    private final Map<String, List<Instant>> slots = new ConcurrentHashMap<>();

    @BeforeAll
    void startTwoInstances() {
        isolated = kind().isolate();
        for (String name : List.of("instance-a", "instance-b")) {
            Database db = Database.connect(isolated.url());
            dbs.add(db);
            instances.add(Jobs.on(db).config(JobsSuite.fast().threads(4).instanceName(name).build())
                    .define(JobType.of("work", Work.class, (w, ctx) -> {
                        runsByJob.computeIfAbsent(ctx.id().value(), k -> new CopyOnWriteArrayList<>()).add(name);
                        Thread.sleep(10);   // long enough for the other instance to poll meanwhile
                        return w.n();
                    }))
                    .schedule(Recurring.of("every-second", Schedule.cron("* * * * * *"), ctx -> slot("every-second", ctx)),
                            Recurring.of("every-150ms", Schedule.every(Duration.ofMillis(150)), ctx -> slot("every-150ms", ctx)))
                    .start());
        }
    }

    private void slot(String schedule, JobContext ctx) {
        slots.computeIfAbsent(schedule, k -> new CopyOnWriteArrayList<>()).add(ctx.scheduledAt());
    }

    @AfterAll
    void stopBoth() {
        instances.forEach(Jobs::stop);
        dbs.forEach(Database::close);
        if (isolated != null) isolated.close();
    }

    @Test
    void everyJobRunsExactlyOnceAcrossInstances() {
        List<JobId> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) ids.add(instances.get(i % 2).enqueue("work", new Work(i)));
        Waits.until("200 jobs done", Duration.ofSeconds(60), () -> instances.getFirst().counts().done() >= 200,
                () -> instances.getFirst().counts());
        for (JobId id : ids) {
            assertThat(runsByJob.get(id.value())).as("runs of " + id).hasSize(1);
            assertThat(instances.get(1).status(id).orElseThrow().state()).isEqualTo(JobState.DONE);
        }
        // Both took part: the test did exercise two instances competing for the same rows.
        List<String> all = runsByJob.values().stream().flatMap(List::stream).toList();
        assertThat(all).contains("instance-a", "instance-b");
    }

    @Test
    void everyScheduleSlotRunsExactlyOnceAcrossInstances() {
        Waits.until("five cron runs and ten interval runs", Duration.ofSeconds(30),
                () -> slots.getOrDefault("every-second", List.of()).size() >= 5 && slots.getOrDefault("every-150ms", List.of()).size() >= 10,
                () -> slots);
        for (String schedule : List.of("every-second", "every-150ms")) {
            List<Instant> runs = List.copyOf(slots.get(schedule));
            assertThat(runs).as(schedule + " slots").doesNotHaveDuplicates();
        }
        // The cron slots are whole seconds, one apart: none was skipped or doubled.
        List<Instant> cron = slots.get("every-second").stream().sorted().toList();
        assertThat(cron.getFirst().getNano()).isZero();
        for (int i = 1; i < cron.size(); i++) {
            assertThat(cron.get(i).getNano()).isZero();
            assertThat(Duration.between(cron.get(i - 1), cron.get(i))).isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(instances.getFirst().schedules()).extracting(ScheduleStatus::name).containsExactly("every-second", "every-150ms");
    }
}
