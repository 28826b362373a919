package dev.duet.jobs;

import dev.duet.App;
import dev.duet.db.Database;
import dev.duet.metrics.DuetMetrics;
import dev.duet.test.TestClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link JobsMetrics} as Prometheus scrapes them from the app's endpoint, on the real PostgreSQL. */
class JobsMetricsTest {
    record Ping(int n) {
    }

    /** The value of the one line of {@code text} for {@code series} (name and labels as written). */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertThat(m.find()).as("a line for " + series + " in:\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void countersTimersAndGaugesPerTypeOnThePrometheusEndpoint() {
        try (TestDbs.Isolated isolated = TestDbs.postgres(); Database db = Database.connect(isolated.url())) {
            App app = App.create();
            PrometheusMeterRegistry registry = DuetMetrics.prometheus(app);
            Jobs jobs = Jobs.on(db).config(JobsSuite.fast().build())
                    .define(JobType.of("ok", Ping.class, (p, ctx) -> p.n()),
                            JobType.of("flaky", Ping.class, (p, ctx) -> {
                                if (ctx.attempt() == 1) throw new IllegalStateException("first attempt fails");
                                return "fine";
                            }),
                            JobType.of("doomed", Ping.class, (p, ctx) -> {
                                throw new IllegalStateException("never works");
                            }).maxAttempts(2),
                            JobType.of("later", Ping.class, (p, ctx) -> "later"))
                    .schedule(Recurring.of("tick", Schedule.every(Duration.ofMillis(100)), ctx -> { }))
                    .build();
            JobsMetrics.bind(registry, jobs, Duration.ofMillis(100));
            try (TestClient client = TestClient.of(app)) {
                // Before the instance starts: two jobs due a minute ago wait, one is for tomorrow.
                jobs.enqueueAt("ok", new Ping(1), Instant.now().minusSeconds(60));
                jobs.enqueueAt("ok", new Ping(2), Instant.now().minusSeconds(60));
                JobId tomorrow = jobs.enqueueAt("later", new Ping(3), Instant.now().plus(Duration.ofDays(1)));
                String before = client.get("/metrics").text();
                assertThat(value(before, "duet_jobs_pending{type=\"ok\"}")).isEqualTo(2);
                assertThat(value(before, "duet_jobs_due{type=\"ok\"}")).isEqualTo(2);
                assertThat(value(before, "duet_jobs_due_age_seconds{type=\"ok\"}")).isGreaterThanOrEqualTo(59);
                assertThat(value(before, "duet_jobs_pending{type=\"later\"}")).isEqualTo(1);
                assertThat(value(before, "duet_jobs_due{type=\"later\"}")).isZero();
                assertThat(value(before, "duet_jobs_due_age_seconds{type=\"later\"}")).isZero();
                assertThat(value(before, "duet_jobs_scheduler_running")).isZero();

                jobs.start();
                jobs.enqueue("ok", new Ping(4));
                JobId flaky = jobs.enqueue("flaky", new Ping(5));
                JobId doomed = jobs.enqueue("doomed", new Ping(6));
                Waits.until("the jobs' ends", Duration.ofSeconds(20), () -> jobs.counts().done() == 4 && jobs.counts().dead() == 1);
                assertThat(jobs.status(flaky).orElseThrow().attempts()).isEqualTo(2);
                assertThat(jobs.status(doomed).orElseThrow().state()).isEqualTo(JobState.DEAD);
                // The gauges' query runs at most every 100 ms: wait for one after the last end.
                Waits.until("a refresh of the depth gauges", Duration.ofSeconds(10),
                        () -> value(client.get("/metrics").text(), "duet_jobs_pending{type=\"ok\"}") == 0);
                String text = client.get("/metrics").text();

                assertThat(value(text, "duet_jobs_enqueued_total{type=\"ok\"}")).isEqualTo(3);
                assertThat(value(text, "duet_jobs_succeeded_total{type=\"ok\"}")).isEqualTo(3);
                assertThat(value(text, "duet_jobs_run_seconds_count{type=\"ok\"}")).isEqualTo(3);
                assertThat(value(text, "duet_jobs_failed_total{type=\"ok\"}")).isZero();
                assertThat(value(text, "duet_jobs_failed_total{type=\"flaky\"}")).isEqualTo(1);
                assertThat(value(text, "duet_jobs_succeeded_total{type=\"flaky\"}")).isEqualTo(1);
                assertThat(value(text, "duet_jobs_run_seconds_count{type=\"flaky\"}")).isEqualTo(2);
                assertThat(value(text, "duet_jobs_failed_total{type=\"doomed\"}")).isEqualTo(1);
                assertThat(value(text, "duet_jobs_dead_total{type=\"doomed\"}")).isEqualTo(1);
                assertThat(value(text, "duet_jobs_succeeded_total{type=\"doomed\"}")).isZero();
                assertThat(value(text, "duet_jobs_running{type=\"ok\"}")).isZero();
                assertThat(value(text, "duet_jobs_revived_total{type=\"ok\"}")).isZero();
                assertThat(value(text, "duet_jobs_succeeded_total{type=\"tick\"}")).isPositive();
                assertThat(text).contains("duet_jobs_run_seconds_bucket{type=\"ok\",le=");
                assertThat(value(text, "duet_jobs_due{type=\"ok\"}")).isZero();
                assertThat(value(text, "duet_jobs_pending{type=\"later\"}")).isEqualTo(1);
                assertThat(value(text, "duet_jobs_scheduler_running")).isEqualTo(1);
                assertThat(jobs.status(tomorrow).orElseThrow().state()).isEqualTo(JobState.QUEUED);

                // Bounded cardinality: every jobs series is tagged by the type alone (a histogram bucket adds le),
                // except the scheduler's error counter, tagged by db-scheduler's error kind (it appears
                // only once the scheduler has met one, e.g. a heartbeat that failed on a busy database).
                List<String> series = text.lines().filter(l -> l.startsWith("duet_jobs_")).toList();
                assertThat(series).isNotEmpty().allSatisfy(l -> assertThat(l).matches(
                        "duet_jobs_[a-z_]+(\\{type=\"(ok|flaky|doomed|later|tick)\"(,le=\"[^\"]+\")?\\})? \\S+"
                                + "|duet_jobs_scheduler_errors_total\\{kind=\"[a-z_]+\"\\} \\S+"));

                jobs.stop();
                assertThat(value(client.get("/metrics").text(), "duet_jobs_scheduler_running")).isZero();
            } finally {
                jobs.stop();
                app.stop();
            }
        }
    }

    @Test
    void theDatabaseGaugesQueryAtMostOncePerRefreshHoweverOftenScraped() {
        try (TestDbs.Isolated isolated = TestDbs.postgres(); Database db = Database.connect(isolated.url())) {
            App app = App.create();
            PrometheusMeterRegistry registry = DuetMetrics.prometheus(app);
            Jobs jobs = Jobs.on(db).define(JobType.of("ok", Ping.class, (p, ctx) -> p.n())).build();
            JobsMetrics.bind(registry, jobs, Duration.ofHours(1));
            try (TestClient client = TestClient.of(app)) {
                jobs.enqueue("ok", new Ping(1));
                assertThat(value(client.get("/metrics").text(), "duet_jobs_pending{type=\"ok\"}")).isEqualTo(1);
                jobs.enqueue("ok", new Ping(2));
                for (int i = 0; i < 20; i++) {
                    // A scrape storm reads the cached figure: the second job is not counted for an hour.
                    assertThat(value(client.get("/metrics").text(), "duet_jobs_pending{type=\"ok\"}")).isEqualTo(1);
                }
                assertThat(value(client.get("/metrics").text(), "duet_jobs_enqueued_total{type=\"ok\"}")).isEqualTo(2);
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void aRefreshTooShortIsRefused() {
        try (TestDbs.Isolated isolated = TestDbs.sqlite(); Database db = Database.connect(isolated.url())) {
            Jobs jobs = Jobs.on(db).define(JobType.of("ok", Ping.class, (p, ctx) -> p.n())).build();
            assertThatThrownBy(() -> JobsMetrics.bind(new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
                    jobs, Duration.ofMillis(10)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 100 ms");
        }
    }
}
