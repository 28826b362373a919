package dev.duet.cli;

import dev.duet.cli.internal.CliEnv;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs one parsed command: loads the settings, runs the body (waiting for an async one's stage),
 * turns a failure into a message and exit code 1, and closes what the command opened.
 */
final class CommandRun {
    /** The exit code of a command cancelled by Ctrl-C or an interrupt, as shells report SIGINT (128 + 2). */
    static final int CANCELLED = 130;
    /** The exit code of a command that failed with an exception. */
    static final int FAILED = 1;

    private CommandRun() {
    }

    static int execute(Command command, CommandSpec spec, Application application, CliEnv env) {
        PrintWriter err = spec.commandLine().getErr();
        boolean verbose = Boolean.TRUE.equals(spec.findOption("--verbose").getValue());
        RunningCommand ctx = null;
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = null;
        int code = 0;
        Throwable failure = null;
        try {
            Settings settings = env.settings().get();
            ctx = new RunningCommand(command, spec, application, settings, env);
            if (env.onShutdown()) hook = cancelOnShutdown(Thread.currentThread(), finished, settings.config().shutdownGrace());
            code = command.blocking() != null ? command.blocking().run(ctx) : await(command, ctx);
        } catch (Throwable e) {
            failure = e;
        }
        // An interrupt (Ctrl-C) must not cut the clean-up short; the caller sees it again after.
        boolean interrupted = Thread.interrupted();
        try {
            // A progress line left unfinished on a terminal would swallow the error printed next.
            if (ctx != null) ctx.stopProgress();
            if (failure != null) code = report(command, spec, verbose, failure);
            if (ctx != null) ctx.close();
        } catch (RuntimeException e) {
            err.println(command.name() + ": could not close the app or its database: " + message(e));
            if (code == 0) code = FAILED;
        } finally {
            spec.commandLine().getOut().flush();
            err.flush();
            finished.countDown();
            if (interrupted) Thread.currentThread().interrupt();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running: it waits for the latch counted down above.
                }
            }
        }
        return code;
    }

    private static int await(Command command, RunningCommand ctx) throws Exception {
        CompletionStage<Integer> stage = command.async().run(ctx);
        if (stage == null) throw new IllegalStateException("the async command returned no stage");
        CompletableFuture<Integer> future = stage.toCompletableFuture();
        try {
            Integer code = future.get();
            if (code == null) throw new IllegalStateException("the async command's stage completed with null, not an exit code");
            return code;
        } catch (InterruptedException e) {
            // Ctrl-C or the caller's interrupt: what the command started must stop too.
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static int report(Command command, CommandSpec spec, boolean verbose, Throwable e) {
        PrintWriter err = spec.commandLine().getErr();
        Throwable cause = e;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InterruptedException || cause instanceof CancellationException) {
            err.println(command.name() + ": cancelled");
            return CANCELLED;
        }
        if (cause instanceof UsageException) {
            err.println(cause.getMessage());
            spec.commandLine().usage(err);
            return CommandLine.ExitCode.USAGE;
        }
        err.println(command.name() + " failed: " + message(cause));
        if (verbose) cause.printStackTrace(err);
        else err.println("(--verbose shows the stack trace)");
        return FAILED;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : m;
    }

    // Ctrl-C starts the JVM's shutdown rather than interrupting anything; the hook interrupts the
    // command (cancelling an async one's stage) and lets it finish cleaning up, within the grace.
    private static Thread cancelOnShutdown(Thread command, CountDownLatch finished, Duration grace) {
        Thread hook = Thread.ofPlatform().name("duet-cli-cancel").unstarted(() -> {
            command.interrupt();
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }
}
