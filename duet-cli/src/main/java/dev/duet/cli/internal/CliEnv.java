package dev.duet.cli.internal;

import dev.duet.Config;
import dev.duet.cli.Settings;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a command line runs: how it gets the app's settings, its input, whether its output is a
 * terminal, and whether Ctrl-C (the JVM's shutdown) should cancel the running command. The real
 * process has one ({@link #system}); the CLI test runner makes its own.
 *
 * @param settings   called once per command; the command closes what it returns
 * @param input      the input commands read (the SQL shell, say)
 * @param terminal   whether output goes to a terminal (progress redrawn in place, prompts shown)
 * @param onShutdown whether the JVM's shutdown (Ctrl-C, SIGTERM) interrupts the running command
 */
public record CliEnv(Supplier<Settings> settings, Supplier<Reader> input, boolean terminal, boolean onShutdown) {
    public CliEnv {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(input, "input");
    }

    /**
     * The process's own: standard input, a terminal if {@code System.console()} says so, and
     * settings from {@code loader}.
     */
    public static CliEnv system(Supplier<Settings> loader) {
        var console = System.console();
        boolean terminal = console != null && console.isTerminal();
        return new CliEnv(loader, () -> new InputStreamReader(System.in, console != null ? console.charset() : java.nio.charset.Charset.defaultCharset()),
                terminal, true);
    }

    /**
     * For tests: {@code settings} shared by every command (the caller closes them), {@code input}
     * as the input, never a terminal, and no shutdown hook.
     */
    public static CliEnv fixed(Settings settings, String input) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(input, "input");
        Settings unclosable = new Settings() {
            @Override
            public Config config() {
                return settings.config();
            }

            @Override
            public String profile() {
                return settings.profile();
            }

            @Override
            public java.util.Optional<String> get(String key) {
                return settings.get(key);
            }

            @Override
            public dev.duet.db.Database database() {
                return settings.database();
            }

            @Override
            public void close() {
                // The test made these settings and closes them; it may look at the database after.
            }
        };
        return new CliEnv(() -> unclosable, () -> new StringReader(input), false, false);
    }

    /** The input as lines. */
    public BufferedReader reader() {
        Reader r = input.get();
        return r instanceof BufferedReader b ? b : new BufferedReader(r);
    }
}
