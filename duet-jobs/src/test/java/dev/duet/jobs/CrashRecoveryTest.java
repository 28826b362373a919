package dev.duet.jobs;

import dev.duet.db.Database;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker killed with SIGKILL in the middle of a job (a child JVM): once its heartbeats are
 * missed, another instance runs the job again, and it ends done. On PostgreSQL, MariaDB and SQLite.
 */
class CrashRecoveryTest {
    /** Heartbeats every 200 ms; four missed (800 ms) make a running job dead. */
    static JobsConfig.Builder config(String name) {
        return JobsSuite.fast().heartbeat(Duration.ofMillis(200), 4).instanceName(name).shutdownWait(Duration.ofSeconds(1));
    }

    @Test
    void aJobOfAKilledWorkerIsRunAgainElsewhereOnPostgres() throws Exception {
        killAWorkerAndRecover(TestDbs.Kind.POSTGRESQL);
    }

    @Test
    void aJobOfAKilledWorkerIsRunAgainElsewhereOnMariaDb() throws Exception {
        killAWorkerAndRecover(TestDbs.Kind.MARIADB);
    }

    /** SQLite: one instance at a time, so the survivor here is the restarted app. */
    @Test
    void aJobOfAKilledWorkerIsRunAgainAfterARestartOnSqlite() throws Exception {
        killAWorkerAndRecover(TestDbs.Kind.SQLITE);
    }

    private void killAWorkerAndRecover(TestDbs.Kind kind) throws Exception {
        try (TestDbs.Isolated isolated = kind.isolate(); Database db = Database.connect(isolated.url())) {
            JobType.Handler<String> recovered = (payload, ctx) -> "recovered from " + payload;
            // Not started here: only the child takes jobs until it is killed.
            Jobs jobs = Jobs.on(db).config(config("survivor").build()).define(JobType.of("stuck", String.class, recovered)).build();
            JobId id = jobs.enqueue("stuck", "the crash");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile"),
                    CrashChild.class.getName(), isolated.url())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                assertThat(line).isEqualTo("RUNNING " + id);
                assertThat(jobs.status(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
            } finally {
                child.destroyForcibly();   // SIGKILL
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(child.exitValue()).isEqualTo(137);
            jobs.start();
            try {
                Waits.until("the dead execution to be run again", Duration.ofSeconds(30),
                        () -> jobs.status(id).map(s -> s.state() == JobState.DONE).orElse(false), () -> jobs.status(id));
                JobStatus s = jobs.status(id).orElseThrow();
                assertThat(s.result()).isEqualTo("\"recovered from the crash\"");
                assertThat(db.queryMaps("SELECT task_instance FROM scheduled_tasks WHERE task_instance = ?", id.value())).isEmpty();
            } finally {
                jobs.stop();
            }
        }
    }
}
