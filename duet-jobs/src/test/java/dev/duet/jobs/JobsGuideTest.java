package dev.duet.jobs;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.Response;
import dev.duet.conformance.DocSnippets;
import dev.duet.db.Database;
import dev.duet.db.Id;
import dev.duet.db.Table;
import dev.duet.metrics.DuetMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/jobs.md's examples, run on the real PostgreSQL: the guide shows exactly these. */
class JobsGuideTest {
    private static final Logger log = LoggerFactory.getLogger(JobsGuideTest.class);

    record User(@Id Long id, String name) {
    }

    record Report(long userId) {
    }

    record Summary(long userId, String text) {
    }

    /** Stands in for the app's slow work. */
    static final class Reports {
        Summary build(long userId) {
            return new Summary(userId, "all fine");
        }
    }

    @Test
    void theGuideShowsExactlyTheseExamples() {
        DocSnippets.assertGuideShowsExactly("docs/jobs.md", "duet-jobs/src/test/java/dev/duet/jobs/JobsGuideTest.java");
    }

    @Test
    void definingEnqueuingAndFollowingAJob() {
        try (TestDbs.Isolated isolated = TestDbs.postgres(); Database db = Database.connect(isolated.url())) {
            db.createTables(User.class);
            Table<User> users = db.table(User.class);
            Reports reports = new Reports();
            App app = App.create(Config.builder().host("127.0.0.1").port(0).build());
            // snippet: jobs-define
            JobType<Report> report = JobType.of("report", Report.class, (payload, ctx) -> {
                log.info("Building the report of user {}", payload.userId());   // the MDC has jobId, job and requestId
                return reports.build(payload.userId());                          // the result, kept as JSON
            }).maxAttempts(3);
            Jobs jobs = Jobs.on(db)
                    .define(report)
                    .schedule(Recurring.of("count-users", Schedule.every(Duration.ofSeconds(10)),
                            ctx -> log.info("{} users", users.count())))
                    .build()
                    .runWith(app);                          // starts with the server, stops (draining) before the pool closes
            // end snippet
            // snippet: jobs-enqueue
            app.post("/signup", req -> db.transaction(() -> {
                User user = users.create(new User(null, req.query("name")));
                JobId job = jobs.enqueue(report, new Report(user.id()));   // queued only if this transaction commits
                return Response.json(Map.of("user", user.id(), "job", job.value())).status(202);
            }));
            // end snippet
            // snippet: jobs-status
            app.get("/jobs/{id}", req -> {
                String id = req.pathParam("id");
                if (!JobId.isValid(id)) throw HttpError.badRequest("not a job id: " + id);
                JobStatus s = jobs.status(new JobId(id)).orElseThrow(() -> HttpError.notFound("no job " + id));
                return Map.of("state", s.state().label(), "attempts", s.attempts(), "result", String.valueOf(s.result()));
            });
            // end snippet
            app.start();
            try (TestClient client = TestClient.of(app)) {
                Map<String, Object> created = client.post("/signup?name=ada", "", "text/plain").jsonMap();
                String status = "/jobs/" + created.get("job");
                Waits.until("the report", Duration.ofSeconds(20), () -> client.get(status).jsonMap().get("state").equals("done"));
                assertThat(client.get(status).jsonMap()).containsEntry("attempts", 1)
                        .containsEntry("result", "{\"userId\":" + created.get("user") + ",\"text\":\"all fine\"}");
                assertThat(client.get("/jobs/nope").status()).isEqualTo(400);
                assertThat(client.get("/jobs/" + JobId.random()).status()).isEqualTo(404);
            } finally {
                app.stop();
            }
            assertThat(jobs.isRunning()).isFalse();
        }
    }

    @Test
    void jobsInTestsAndTheirMetrics() {
        try (TestDbs.Isolated isolated = TestDbs.postgres(); Database db = Database.connect(isolated.url())) {
            App app = App.create();
            JobType<Report> report = JobType.of("report", Report.class, (payload, ctx) -> new Reports().build(payload.userId()));
            Jobs jobs = Jobs.on(db).define(report).build().runWith(app);
            app.post("/reports", req -> jobs.enqueue(report, new Report(7)).value());
            // snippet: jobs-metrics
            PrometheusMeterRegistry registry = DuetMetrics.prometheus(app);   // GET /metrics (duet-metrics)
            JobsMetrics.bind(registry, jobs);                                 // per job type: counts, run time, queue depth
            // end snippet
            // snippet: jobs-in-tests
            try (TestClient client = TestClient.of(app)) {
                app.lifecycle().runStartActions();       // what app.start() does once serving: the jobs start
                JobId id = new JobId(client.post("/reports", "", "text/plain").text());
                Waits.until("the report", Duration.ofSeconds(20), () -> jobs.status(id).orElseThrow().state() == JobState.DONE);
            } finally {
                app.stop();                              // the stop actions: the jobs stop (draining)
            }
            // end snippet
            assertThat(jobs.isRunning()).isFalse();
            String text = registry.scrape();
            assertThat(text).contains("duet_jobs_enqueued_total{type=\"report\"} 1.0")
                    .contains("duet_jobs_succeeded_total{type=\"report\"} 1.0")
                    .contains("duet_jobs_scheduler_running 0.0");
        }
    }

    @Test
    void theKnobs() {
        // snippet: jobs-config
        JobsConfig config = JobsConfig.builder()
                .threads(32)                                        // jobs at once on this instance
                .maxAttempts(8)
                .backoff(Duration.ofSeconds(2), Duration.ofMinutes(10))
                .heartbeat(Duration.ofSeconds(10), 6)               // a dead instance's jobs run again after 60 s
                .build();
        // end snippet
        assertThat(config.threads()).isEqualTo(32);
        assertThat(config.maxAttempts()).isEqualTo(8);
        assertThat(config.deadAfter()).isEqualTo(Duration.ofMinutes(1));
    }
}
