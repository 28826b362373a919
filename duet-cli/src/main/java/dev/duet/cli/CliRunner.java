package dev.duet.cli;

import dev.duet.cli.internal.CliEnv;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs the app's command line in the test's process, as {@link DuetCli#run} would (Duet's commands
 * and the app's), and captures the exit code and both outputs. Immutable.
 *
 * <pre>{@code
 * try (Settings settings = Settings.of(Config.defaults(), Map.of("databaseUrl", "sqlite::memory:"))) {
 *     CliRunner cli = CliRunner.of(new Site(), settings);
 *     CliRunner.Result seeded = cli.run("seed", "--count", "3");
 *     assertThat(seeded.exitCode()).isZero();
 *     assertThat(seeded.out()).contains("3 users");
 * }
 * }</pre>
 *
 * The settings are the test's: every command run gets them, none closes them, so the test can look
 * at the database after a command. Output is never a terminal here: progress comes as plain lines
 * and the SQL shell shows no prompt.
 */
public final class CliRunner {
    private final Application app;
    private final Settings settings;
    private final String input;

    private CliRunner(Application app, Settings settings, String input) {
        this.app = app;
        this.settings = settings;
        this.input = input;
    }

    /** A runner of {@code app}'s commands on {@code settings}, with empty input. */
    public static CliRunner of(Application app, Settings settings) {
        return new CliRunner(Objects.requireNonNull(app, "app"), Objects.requireNonNull(settings, "settings"), "");
    }

    /** This runner with {@code input} as what commands read ({@link CommandContext#in()}), say SQL for {@code db shell}. */
    public CliRunner withInput(String input) {
        return new CliRunner(app, settings, Objects.requireNonNull(input, "input"));
    }

    /**
     * Runs the command {@code args} name on the calling thread and returns its result; an async
     * command is waited for. Interrupting the thread cancels the command (exit code 130).
     */
    public Result run(String... args) {
        Objects.requireNonNull(args, "args");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DuetCli.commandLine(app, CliEnv.fixed(settings, input));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.clone());
        cli.getOut().flush();
        cli.getErr().flush();
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Runs the command on a virtual thread of its own; the stage completes with its result.
     * Cancelling the stage interrupts that thread, which cancels the command.
     */
    public CompletionStage<Result> runAsync(String... args) {
        String[] copy = Objects.requireNonNull(args, "args").clone();
        CompletableFuture<Result> result = new CompletableFuture<>();
        Thread runner = Thread.ofVirtual().name("duet-cli-runner").unstarted(() -> {
            try {
                result.complete(run(copy));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) runner.interrupt();
        });
        runner.start();
        return result;
    }

    /**
     * What a command run produced: its exit code (0 success, 1 failure, 2 a usage error, 130
     * cancelled, or what the command returned), and its standard output and error.
     */
    public record Result(int exitCode, String out, String err) {
        /** Checks that the outputs are given (empty when the command wrote nothing). */
        public Result {
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(err, "err");
        }
    }
}
