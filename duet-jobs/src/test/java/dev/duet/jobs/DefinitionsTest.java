package dev.duet.jobs;

import dev.duet.jobs.internal.Backoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The definitions and knobs, with their defaults and the errors for bad values (no database needed). */
class DefinitionsTest {
    @Test
    void theDefaults() {
        JobsConfig c = JobsConfig.defaults();
        assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.threads()).isEqualTo(16);
        assertThat(c.maxAttempts()).isEqualTo(5);
        assertThat(c.backoffBase()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.backoffMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.deadAfter()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.shutdownWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.keepFinished()).isEqualTo(Duration.ofDays(7));
        assertThat(c.executionsTable()).isEqualTo("scheduled_tasks");
        assertThat(c.jobsTable()).isEqualTo("duet_job");
        assertThat(c.createTables()).isTrue();
        assertThat(c.maxJsonSize()).isEqualTo(256 * 1024);
        assertThat(c.instanceName()).isNotBlank().hasSizeLessThanOrEqualTo(50);
    }

    @Test
    void badKnobsAreRefusedByName() {
        assertThatThrownBy(() -> JobsConfig.builder().threads(0).build()).hasMessage("threads must be 1 to 1000, not 0");
        assertThatThrownBy(() -> JobsConfig.builder().maxAttempts(0).build()).hasMessage("maxAttempts must be 1 to 1000, not 0");
        assertThatThrownBy(() -> JobsConfig.builder().pollInterval(Duration.ofMillis(1)).build())
                .hasMessage("pollInterval must be at least PT0.01S, not PT0.001S");
        assertThatThrownBy(() -> JobsConfig.builder().backoff(Duration.ofMinutes(2), Duration.ofMinutes(1)).build())
                .hasMessage("backoffMax (PT1M) must not be shorter than backoffBase (PT2M)");
        assertThatThrownBy(() -> JobsConfig.builder().heartbeat(Duration.ofSeconds(1), 1).build())
                .hasMessage("missedHeartbeats must be 2 to 100, not 1");
        assertThatThrownBy(() -> JobsConfig.builder().shutdownWait(Duration.ofSeconds(-1)).build())
                .hasMessage("shutdownWait must be at least 0, not PT-1S");
        assertThatThrownBy(() -> JobsConfig.builder().tables("jobs; DROP TABLE x", "duet_job").build())
                .hasMessageStartingWith("executionsTable must be a plain SQL name");
        assertThatThrownBy(() -> JobsConfig.builder().tables("same", "SAME").build()).hasMessage("executionsTable and jobsTable must differ");
        assertThatThrownBy(() -> JobsConfig.builder().maxJsonSize(100).build()).hasMessage("maxJsonSize must be 1024 to 8388608, not 100");
        assertThatThrownBy(() -> JobsConfig.builder().instanceName("x".repeat(51)).build())
                .hasMessageStartingWith("instanceName must be 1 to 50 characters");
    }

    @Test
    void theBackoffDoublesToItsCapWithJitterInItsUpperHalf() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(b.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(b.ceiling(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.ceiling(1000)).isEqualTo(Duration.ofSeconds(30));
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration d = b.delay(3);
            assertThat(d).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
            seen.add(d);
        }
        assertThat(seen).as("jittered, not one fixed wait").hasSizeGreaterThan(10);
    }

    @Test
    void namesAndIdsAreChecked() {
        assertThatThrownBy(() -> JobType.of("has space", String.class, (p, c) -> null)).hasMessageContaining("not 'has space'");
        assertThatThrownBy(() -> JobType.of("duet-mine", String.class, (p, c) -> null)).hasMessageContaining("kept for duet-jobs");
        assertThatThrownBy(() -> JobType.of("ok", String.class, (p, c) -> null).maxAttempts(0))
                .hasMessage("maxAttempts of job type 'ok' must be 1 to 1000, not 0");
        assertThat(JobType.async("ok", String.class, (p, c) -> null).isAsync()).isTrue();
        JobId id = JobId.random();
        assertThat(JobId.parse(" " + id.value().toUpperCase() + " ")).isEqualTo(id);
        assertThatThrownBy(() -> JobId.parse("42")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a job id");
        assertThat(JobId.isValid("../etc")).isFalse();
    }

    @Test
    void schedulesAreChecked() {
        assertThat(Schedule.every(Duration.ofSeconds(10))).hasToString("every PT10S");
        assertThat(Schedule.cron("0 0 3 * * *")).hasToString("cron 0 0 3 * * *");
        assertThatThrownBy(() -> Schedule.cron("every day")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not a cron expression (six fields");
        assertThatThrownBy(() -> Schedule.every(Duration.ofMillis(5))).hasMessage("A schedule's interval must be at least 10 ms, not PT0.005S");
    }

    @Test
    void aNameIsDefinedOnce() {
        try (var db = dev.duet.db.Database.connect("sqlite::memory:")) {
            var builder = Jobs.on(db).define(JobType.of("report", String.class, (p, c) -> null));
            assertThatThrownBy(() -> builder.schedule(Recurring.of("report", Schedule.every(Duration.ofMinutes(1)), c -> { })))
                    .hasMessage("'report' is already defined (job type and schedule names share one space)");
        }
    }
}
