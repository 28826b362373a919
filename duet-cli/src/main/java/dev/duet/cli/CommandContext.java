package dev.duet.cli;

import dev.duet.App;
import dev.duet.Tasks;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * What a running command has: its parsed arguments, the app's settings (config, database), the
 * app itself and its {@link Tasks}, the command line's input and outputs, and progress lines.
 * Valid while the command runs; the settings are closed (and a built app stopped) after it.
 *
 * <pre>{@code
 * Command.named("greet")
 *         .param("name", String.class, "who to greet")
 *         .option("--times", Integer.class, 1, "how many times")
 *         .blocking(ctx -> {
 *             for (int i = 0; i < ctx.get("--times", Integer.class); i++) ctx.out().println("Hello, " + ctx.get("name", String.class));
 *             return 0;
 *         });
 * }</pre>
 */
public interface CommandContext {
    /**
     * The value of option {@code name} (say {@code --count}) or parameter {@code name}, as given or
     * defaulted. Fails with an {@link IllegalArgumentException} if the command declares no such
     * name or declared another type, and with an {@link IllegalStateException} if the option was
     * neither given nor has a default (use {@link #find} for those).
     */
    <T> T get(String name, Class<T> type);

    /** {@link #get}, empty when the option was neither given nor defaulted. */
    <T> Optional<T> find(String name, Class<T> type);

    /** Whether flag {@code name} (say {@code --dry-run}) was given. */
    boolean flag(String name);

    /** The app's settings: {@link Settings#config()}, {@link Settings#database()}, its own keys. */
    Settings settings();

    /**
     * The app, built by {@link Application#create} on the first call and the same one after; not
     * started. It is stopped after the command (its background tasks drained, stop hooks run).
     */
    App app();

    /** The app's concurrency toolkit ({@code app().tasks()}): offload, cpu, background. */
    Tasks tasks();

    /** Where the command's output goes (standard output, or the {@link CliRunner}'s buffer). */
    PrintWriter out();

    /** Where errors and progress go (standard error, or the {@link CliRunner}'s buffer). */
    PrintWriter err();

    /** The command line's input (standard input, or what the {@link CliRunner} was given). */
    BufferedReader in();

    /** Whether the output is a terminal, not a pipe or file (never, under the {@link CliRunner}). */
    boolean terminal();

    /**
     * Reports progress of {@code total} steps labelled {@code label} on {@link #err()}: one line
     * redrawn in place on a terminal; when piped, a plain line at each tenth done (at most one a
     * second) and one at the end. A {@code total} of 0 means unknown: the count alone is shown.
     *
     * <pre>{@code
     * Progress seeding = ctx.progress("Seeding", users.size());
     * for (User u : users) { table.create(u); seeding.advance(1); }
     * seeding.done();
     * }</pre>
     */
    Progress progress(String label, long total);
}
