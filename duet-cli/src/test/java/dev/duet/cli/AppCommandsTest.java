package dev.duet.cli;

import dev.duet.Config;
import dev.duet.cli.CliRunner.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The app's own commands: parsing, exit codes, failures, async stages, the context's parts. */
class AppCommandsTest {
    private final SampleApp app = new SampleApp();
    private final Settings settings = Settings.of(Config.defaults(), Map.of("databaseUrl", "sqlite::memory:"));
    private final CliRunner cli = CliRunner.of(app, settings);

    @AfterEach
    void close() {
        settings.close();
    }

    @Test
    void optionsAndParametersAreParsedWithTheirTypesAndDefaults() {
        assertThat(cli.run("greet", "Ada")).isEqualTo(new Result(0, "Hello, Ada\n", ""));
        Result r = cli.run("greet", "--times", "2", "--tone=LOUD", "--signature", "-- D.", "--dry-run", "Ada");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("(would print) HELLO, ADA!\n(would print) HELLO, ADA!\n-- D.\n");
        assertThat(cli.run("path", "/tmp/some/notes.txt").out()).isEqualTo("notes.txt\n");
    }

    @Test
    void exitCodesAreReturnedAsTheCommandGivesThem() {
        assertThat(cli.run("exit", "0").exitCode()).isZero();
        assertThat(cli.run("exit", "3").exitCode()).isEqualTo(3);
        assertThat(cli.run("exit", "42").exitCode()).isEqualTo(42);
    }

    @Test
    void badArgumentsGetPicocliMessageAndExitCode2() {
        Result notInt = cli.run("greet", "--times", "many", "Ada");
        assertThat(notInt.exitCode()).isEqualTo(2);
        assertThat(notInt.err()).contains("Invalid value for option '--times': 'many' is not an int").contains("Usage: duet greet");
        assertThat(notInt.out()).isEmpty();

        Result missing = cli.run("greet");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter: '<name>'");

        Result unknown = cli.run("greet", "--loud", "Ada");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--loud'");

        Result badEnum = cli.run("greet", "--tone", "SHOUTY", "Ada");
        assertThat(badEnum.exitCode()).isEqualTo(2);
        assertThat(badEnum.err()).contains("SHOUTY").contains("PLAIN, LOUD");

        Result noCommand = cli.run("seeed");
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).contains("Unmatched argument at index 0: 'seeed'");
    }

    @Test
    void aUsageExceptionFromTheBodyIsAUsageErrorToo() {
        assertThat(cli.run("positive", "3").exitCode()).isZero();
        Result r = cli.run("positive", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("n must be 1 or more, not 0\nUsage: duet positive").doesNotContain("failed");
    }

    @Test
    void helpListsTheOptionsWithTheirDefaults() {
        Result help = cli.run("greet", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Greets someone").contains("--times=<times>").contains("Default: 1")
                .contains("--dry-run").contains("--verbose").contains("<name>").doesNotContain("Default: false");
        assertThat(cli.run("--help").out()).contains("greet").contains("Greets someone").contains("db");
    }

    @Test
    void anExceptionIsAClearMessageAndExitCode1WithTheStackTraceOnlyWhenVerbose() {
        Result r = cli.run("fail");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("fail failed: the seed file is missing\n(--verbose shows the stack trace)\n");
        Result verbose = cli.run("fail", "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.err()).startsWith("fail failed: the seed file is missing\njava.lang.IllegalStateException: the seed file is missing")
                .contains("\tat dev.duet.cli.SampleApp");
    }

    @Test
    void readingAnUndeclaredOrMistypedValueFailsClearly() {
        Result undeclared = cli.withInput("--cuont\n").run("misread");
        assertThat(undeclared.exitCode()).isEqualTo(1);
        assertThat(undeclared.err()).contains("misread declares no option or parameter '--cuont'; it has [--count]");
        Result mistyped = cli.withInput("--count\n").run("misread");
        assertThat(mistyped.exitCode()).isEqualTo(1);
        assertThat(mistyped.err()).contains("misread: --count is declared a Integer, not a String");
    }

    @Test
    void anAsyncCommandRunsToCompletionAndItsValueIsTheExitCode() {
        Result r = cli.run("offload");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("offloaded on a virtual thread: true\n");
    }

    @Test
    void aFailedStageOrNoStageIsAFailure() {
        Result failed = cli.run("async-fail");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).startsWith("async-fail failed: no such user: 7\n");
        Result noStage = cli.run("async-null");
        assertThat(noStage.exitCode()).isEqualTo(1);
        assertThat(noStage.err()).contains("the async command returned no stage");
        Result noCode = cli.run("async-null-code");
        assertThat(noCode.exitCode()).isEqualTo(1);
        assertThat(noCode.err()).contains("completed with null, not an exit code");
    }

    @Test
    void interruptingTheCommandCancelsTheAsyncStage() throws Exception {
        Result[] result = new Result[1];
        Thread t = Thread.ofVirtual().start(() -> result[0] = cli.run("wait"));
        app.started.await();
        t.interrupt();
        t.join();
        assertThat(result[0].exitCode()).isEqualTo(130);
        assertThat(result[0].err()).isEqualTo("wait: cancelled\n");
        assertThat(app.pending.get().isCancelled()).isTrue();
    }

    @Test
    void theAppIsBuiltOnlyWhenACommandAsksAndStoppedAfterIt() {
        cli.run("greet", "Ada");
        assertThat(app.built).hasValue(0);
        Result r = cli.run("app:name");
        assertThat(r.out()).isEqualTo(Config.defaults().port() + " true\n");
        assertThat(app.built).hasValue(1);
        assertThat(app.stopped).hasValue(1);
    }

    @Test
    void theCommandReadsTheGivenInput() {
        assertThat(cli.withInput("one\ntwo\n").run("read").out()).isEqualTo("1: one\n2: two\n");
        assertThat(cli.run("read").out()).isEmpty();
    }

    @Test
    void badDeclarationsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Command.named("Seed")).hasMessageContaining("command name 'Seed' must be lower-case words");
        assertThatThrownBy(() -> Command.named("seed").option("count", Integer.class, 1, ""))
                .hasMessageContaining("option name 'count' must start with '-' or '--'");
        assertThatThrownBy(() -> Command.named("seed").flag("--verbose", "")).hasMessageContaining("--verbose is Duet's own");
        assertThatThrownBy(() -> Command.named("seed").option("--force", boolean.class, true, ""))
                .hasMessage("--force: declare a boolean option with flag()");
        assertThatThrownBy(() -> Command.named("seed").flag("--x", "").option("--x", int.class, 1, ""))
                .hasMessageContaining("seed declares --x twice");
        Commands commands = new Commands(java.util.Set.of("db", "serve"));
        assertThatThrownBy(() -> commands.add(Command.named("serve").blocking(ctx -> 0)))
                .hasMessageContaining("'serve' is a Duet command; name the app's command differently (say 'app:serve')");
        commands.add(Command.named("seed").blocking(ctx -> 0));
        assertThatThrownBy(() -> commands.add(Command.named("seed").blocking(ctx -> 0)))
                .hasMessageContaining("the app adds a command named 'seed' twice");
    }

    @Test
    void anAppCommandCannotTakeTheNameOfDb() {
        Application clash = new Application() {
            @Override
            public dev.duet.App create(Settings s) {
                return dev.duet.App.create(s.config());
            }

            @Override
            public void commands(Commands commands) {
                commands.add(Command.named("db").blocking(ctx -> 0));
            }
        };
        assertThatThrownBy(() -> CliRunner.of(clash, settings).run("db")).hasMessageContaining("'db' is a Duet command");
    }
}
