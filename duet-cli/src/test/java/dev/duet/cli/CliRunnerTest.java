package dev.duet.cli;

import dev.duet.Config;
import dev.duet.cli.CliRunner.Result;
import dev.duet.cli.internal.CliEnv;
import dev.duet.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CLI test runner, blocking and async, and what the real command line does around a command. */
class CliRunnerTest {
    private final SampleApp app = new SampleApp();
    private final Settings settings = Settings.of(Config.defaults(), Map.of("databaseUrl", "sqlite::memory:"));
    private final CliRunner cli = CliRunner.of(app, settings);

    @AfterEach
    void close() {
        settings.close();
    }

    @Test
    void runAsyncCompletesWithTheSameResultAsRun() throws Exception {
        Result async = cli.runAsync("greet", "--times", "2", "Ada").toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(async).isEqualTo(cli.run("greet", "--times", "2", "Ada")).isEqualTo(new Result(0, "Hello, Ada\nHello, Ada\n", ""));
        Result usage = cli.runAsync("greet").toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(usage.exitCode()).isEqualTo(2);
    }

    @Test
    void cancellingRunAsyncCancelsTheCommandsStage() throws Exception {
        CompletableFuture<Result> running = cli.runAsync("wait").toCompletableFuture();
        app.started.await();
        running.cancel(true);
        assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
        // The command's own stage is cancelled by the runner's thread, after the interrupt arrives.
        assertThat(app.pending.get().handle((v, e) -> e)
                .toCompletableFuture().get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    }

    @Test
    void theRunnersSettingsStayOpenForTheTestToLookAtTheDatabase() {
        cli.run("db", "create-tables");
        cli.run("db", "create-tables");
        assertThat(settings.database().isClosed()).isFalse();
        assertThat(settings.database().queryMaps("SELECT count(*) AS n FROM notes").getFirst()).containsEntry("n", 0);
    }

    @Test
    void theRealCommandLineLoadsSettingsPerCommandAndClosesThemAfter() {
        AtomicInteger loaded = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        CliEnv env = new CliEnv(() -> {
            loaded.incrementAndGet();
            return new Tracked(closed);
        }, () -> new StringReader(""), false, false);
        assertThat(DuetCli.commandLine(app, env).execute("exit", "4")).isEqualTo(4);
        assertThat(DuetCli.commandLine(app, env).execute("fail")).isEqualTo(1);
        assertThat(loaded).hasValue(2);
        assertThat(closed).hasValue(2);
        assertThat(DuetCli.commandLine(app, env).execute("greet")).as("a usage error runs nothing").isEqualTo(2);
        assertThat(loaded).hasValue(2);
    }

    @Test
    void onATerminalProgressIsRedrawnAndTheShellPrompts() {
        CliEnv terminal = new CliEnv(() -> settings, () -> new StringReader("SELECT 1 AS a;\n"), true, false);
        var line = DuetCli.commandLine(app, terminal);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        assertThat(line.execute("seed", "--count", "4")).isZero();
        assertThat(err.toString()).startsWith("\rSeeding [").endsWith("\rSeeding [##############################] 4/4 100%\n");
        assertThat(out.toString()).isEqualTo("seeded 4\n");
        Settings memory = Settings.of(Config.defaults(), Map.of("databaseUrl", "sqlite::memory:"));
        line = DuetCli.commandLine(app, new CliEnv(() -> memory, () -> new StringReader("SELECT 1 AS a;\n"), true, false));
        StringWriter shown = new StringWriter();
        line.setOut(new PrintWriter(shown));
        assertThat(line.execute("db", "shell")).isZero();
        assertThat(shown.toString()).startsWith("Connected to Database[").contains("sql> a\n-\n1\n(1 row)\nsql> ");
    }

    @Test
    void pipedProgressUnderTheRunnerIsPlainLines() {
        Result r = cli.run("seed", "--count", "50");
        assertThat(r.err()).isEqualTo("Seeding: 50/50 (100%), done\n");
        assertThat(r.out()).isEqualTo("seeded 50\n");
    }

    @Test
    void theRunnerRefusesNulls() {
        assertThatThrownBy(() -> CliRunner.of(null, settings)).hasMessage("app");
        assertThatThrownBy(() -> cli.withInput(null)).hasMessage("input");
    }

    /** Settings that count their closing. */
    private record Tracked(AtomicInteger closed) implements Settings {
        public Config config() {
            return Config.defaults();
        }

        public String profile() {
            return "test";
        }

        public Optional<String> get(String key) {
            return Optional.empty();
        }

        public Database database() {
            throw new IllegalStateException("no database in this test");
        }

        public void close() {
            closed.incrementAndGet();
        }
    }
}
