package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.db.DbConfig;
import dev.duet.test.TestClient;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tour's durable jobs through HTTP: a report queued with 202 and followed to done, a failing
 * one through failed to dead, the recurring user count listed with its last run, and bad ids.
 * One subclass per database: {@link TourJobsSqliteTest}, {@link TourJobsPostgresTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TourJobsSuite {
    abstract String database();

    private TourDatabases.Isolated iso;
    private App app;
    private TestClient client;

    @BeforeAll
    void start() {
        iso = TourDatabases.of(database());
        // Served for real (on a free loopback port), since the jobs start with the server.
        app = Tour.build(App.create(Config.builder().host("127.0.0.1").port(0).shutdownGrace(Duration.ofSeconds(5)).build()),
                DbConfig.builder().url(iso.url()).build());
        app.start();
        client = TestClient.of(app);
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        app.stop();
        iso.close();
    }

    private Map<String, Object> awaitJob(String path, Predicate<Map<String, Object>> until) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> last = null;
        while (System.nanoTime() < end) {
            last = client.get(path).jsonMap();
            if (until.test(last)) return last;
            sleep(50);
        }
        throw new AssertionError("Timed out; last seen " + last);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aReportIsQueuedWith202AndFollowedToItsResult() {
        client.postJson("/add-user", Map.of("name", "Ada", "email", "ada-jobs@example.com"));
        TestResponse res = client.post("/jobs/report?ms=800", "", "text/plain");
        assertThat(res.status()).isEqualTo(202);
        String status = (String) res.jsonMap().get("status");
        assertThat(res.header("Location")).isEqualTo(status);
        Map<String, Object> first = client.get(status).jsonMap();
        assertThat(first.get("state")).isIn("queued", "running");
        assertThat(first.get("type")).isEqualTo("report");
        awaitJob(status, j -> j.get("state").equals("running"));
        Map<String, Object> done = awaitJob(status, j -> j.get("state").equals("done"));
        assertThat(done.get("attempts")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) done.get("result");
        assertThat(result).containsEntry("users", 1).containsEntry("workedMs", 800);
        assertThat(done.get("finishedAt")).isNotNull();
    }

    @Test
    void aFailingReportIsRetriedThenDead() {
        String status = (String) client.post("/jobs/report?ms=0&fail=true", "", "text/plain").jsonMap().get("status");
        Map<String, Object> failed = awaitJob(status, j -> j.get("state").equals("failed"));
        assertThat(failed.get("attempts")).isEqualTo(1);
        assertThat((String) failed.get("lastError")).endsWith("the report failed on purpose (attempt 1)");
        assertThat(failed.get("nextAttemptAt")).isNotNull();
        Map<String, Object> dead = awaitJob(status, j -> j.get("state").equals("dead"));
        assertThat(dead.get("attempts")).isEqualTo(3);
        assertThat((String) dead.get("lastError")).endsWith("(attempt 3)");
        assertThat(dead.get("result")).isNull();
    }

    @Test
    void theRecurringUserCountIsListedWithItsLastRun() {
        Map<String, Object> jobs = awaitJob("/jobs", j -> {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> s = (List<Map<String, Object>>) j.get("schedules");
            return s.getFirst().get("lastSuccessAt") != null;
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> schedule = ((List<Map<String, Object>>) jobs.get("schedules")).getFirst();
        assertThat(schedule).containsEntry("name", "count-users").containsEntry("schedule", "every PT10S")
                .containsEntry("consecutiveFailures", 0);
        assertThat(schedule.get("nextRunAt")).isNotNull();
        assertThat((Integer) jobs.get("lastUserCount")).isGreaterThanOrEqualTo(0);
        assertThat(((Map<?, ?>) jobs.get("jobs")).keySet()).extracting(Object::toString).containsExactlyInAnyOrder("queued", "running", "failed", "done", "dead");
    }

    @Test
    void badRequestsAreAnsweredClearly() {
        assertThat(client.get("/jobs/not-an-id").status()).isEqualTo(400);
        assertThat(client.get("/jobs/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        TestResponse tooLong = client.post("/jobs/report?ms=99999999", "", "text/plain");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text()).contains("ms must be a whole number of milliseconds from 0 to 60000");
    }
}
