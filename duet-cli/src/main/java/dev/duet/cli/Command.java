package dev.duet.cli;

import dev.duet.cli.internal.Declared;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * One of the app's own commands: a name, a description, typed options and positional parameters,
 * and what it does, blocking or async. Immutable; built with {@link #named(String)} and added in
 * {@link Application#commands(Commands)}.
 *
 * <pre>{@code
 * Command seed = Command.named("seed")
 *         .description("Fills the database with sample users")
 *         .option("--count", Integer.class, 100, "how many users")
 *         .flag("--dry-run", "only say what would be written")
 *         .blocking(ctx -> {
 *             int count = ctx.get("--count", Integer.class);
 *             ...
 *             return 0;                                   // the exit code
 *         });
 * }</pre>
 *
 * Option values are converted by picocli: {@code String}, the primitives and their boxes,
 * {@code Path}, {@code File}, {@code BigDecimal}, enums and the other types picocli knows.
 * {@code -h}/{@code --help}, {@code -V}/{@code --version} and {@code --verbose} (print the stack
 * trace of a failure) are Duet's on every command.
 */
public final class Command {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*(:[a-z][a-z0-9]*(-[a-z0-9]+)*)*");
    private static final Pattern OPTION = Pattern.compile("--?[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*");
    private static final Set<String> RESERVED = Set.of("-h", "--help", "-V", "--version", "--verbose");

    /** What a blocking command does: returns its exit code (0 for success); may throw. */
    @FunctionalInterface
    public interface Blocking {
        /** Runs the command with its parsed arguments and the app's settings. */
        int run(CommandContext ctx) throws Exception;
    }

    /**
     * What an async command does: returns a stage that completes with its exit code. Duet waits
     * for it; interrupting the command line (Ctrl-C) cancels it.
     */
    @FunctionalInterface
    public interface Async {
        /** Starts the command; the stage's value is the exit code. */
        CompletionStage<Integer> run(CommandContext ctx) throws Exception;
    }

    private final String name;
    private final String description;
    private final List<Declared> options;
    private final List<Declared> params;
    private final Blocking blocking;
    private final Async async;

    private Command(Builder b, Blocking blocking, Async async) {
        this.name = b.name;
        this.description = b.description;
        this.options = List.copyOf(b.options);
        this.params = List.copyOf(b.params);
        this.blocking = blocking;
        this.async = async;
    }

    /**
     * Starts a command called {@code name}: lower-case words joined by {@code -}, optionally
     * grouped with {@code :} ({@code seed}, {@code users:import}).
     */
    public static Builder named(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("command name '" + name
                    + "' must be lower-case words joined by '-' (optionally grouped with ':'), say 'seed' or 'users:import'");
        }
        return new Builder(name);
    }

    /** The name it is invoked by. */
    public String name() {
        return name;
    }

    /** The one-line description shown in the help. */
    public String description() {
        return description;
    }

    /** Its options, in declaration order (internal form, for the command line). */
    List<Declared> options() {
        return options;
    }

    /** Its positional parameters, in order (internal form, for the command line). */
    List<Declared> params() {
        return params;
    }

    /** The blocking body, or null if the command is async. */
    Blocking blocking() {
        return blocking;
    }

    /** The async body, or null if the command is blocking. */
    Async async() {
        return async;
    }

    @Override
    public String toString() {
        return "Command[" + name + (async != null ? ", async" : "") + "]";
    }

    /** Declares a command's description, options and parameters; then {@link #blocking} or {@link #async} makes it. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private final List<Declared> options = new ArrayList<>();
        private final List<Declared> params = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** The one-line description shown by {@code --help} and in the list of commands. */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * An option such as {@code --count 5} (or {@code --count=5}) of {@code type}, with
         * {@code defaultValue} when it is not given; a null default leaves it absent, for
         * {@link CommandContext#find}.
         */
        public <T> Builder option(String name, Class<T> type, T defaultValue, String description) {
            Objects.requireNonNull(type, "type");
            checkOptionName(name);
            // A boolean option with a value reads oddly (--force true) and picocli would take it for a flag.
            if (Declared.boxed(type) == Boolean.class) throw new IllegalArgumentException(name + ": declare a boolean option with flag()");
            String shown = defaultValue == null ? null
                    : defaultValue instanceof Enum<?> e ? e.name() : String.valueOf(defaultValue);
            options.add(new Declared(name, Declared.boxed(type), shown, Objects.requireNonNull(description, "description"), false));
            return this;
        }

        /** A flag such as {@code --dry-run}: true when given, false when not. */
        public Builder flag(String name, String description) {
            checkOptionName(name);
            options.add(new Declared(name, Boolean.class, "false", Objects.requireNonNull(description, "description"), false));
            return this;
        }

        /** A required positional parameter of {@code type}, after the ones declared before it. */
        public <T> Builder param(String label, Class<T> type, String description) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(label, "label");
            if (label.isBlank() || label.startsWith("-")) throw new IllegalArgumentException("parameter label '" + label + "' must be a word");
            checkUnique(label);
            params.add(new Declared(label, Declared.boxed(type), null, Objects.requireNonNull(description, "description"), true));
            return this;
        }

        /** The command, doing {@code body} on the calling thread. */
        public Command blocking(Blocking body) {
            return new Command(this, Objects.requireNonNull(body, "body"), null);
        }

        /** The command, started by {@code body} and run until its stage completes. */
        public Command async(Async body) {
            return new Command(this, null, Objects.requireNonNull(body, "body"));
        }

        private void checkOptionName(String option) {
            Objects.requireNonNull(option, "name");
            if (!OPTION.matcher(option).matches()) {
                throw new IllegalArgumentException("option name '" + option + "' must start with '-' or '--', say '--count'");
            }
            if (RESERVED.contains(option.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("option " + option + " is Duet's own on every command; pick another name");
            }
            checkUnique(option);
        }

        private void checkUnique(String key) {
            for (Declared d : options) if (d.name().equals(key)) throw new IllegalArgumentException(name + " declares " + key + " twice");
            for (Declared d : params) if (d.name().equals(key)) throw new IllegalArgumentException(name + " declares " + key + " twice");
        }
    }
}
