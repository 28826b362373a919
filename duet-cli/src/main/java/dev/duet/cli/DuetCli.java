package dev.duet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Objects;

/**
 * The {@code duet} command line. An app's {@code main} hands the app over, and its jar then
 * answers Duet's commands and the app's own:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(DuetCli.run(new Site(), args));
 * }
 * }</pre>
 */
public final class DuetCli {
    private DuetCli() {
    }

    /** Runs the command {@code args} name for {@code app}; returns its exit code (0 on success). */
    public static int run(Application app, String... args) {
        Objects.requireNonNull(app, "app");
        return commandLine(app).execute(args);
    }

    /** The commands that need no app ({@code duet new}); what the {@code duet} launcher calls. */
    public static void main(String[] args) {
        System.exit(commandLine(null).execute(args));
    }

    // Commands are declared in code, not by annotations read reflectively: each knows its app.
    static CommandLine commandLine(Application app) {
        CommandSpec top = CommandSpec.create().name("duet").mixinStandardHelpOptions(true);
        top.usageMessage().description("The Duet command line.");
        CommandLine cli = new CommandLine(top);
        if (app == null) cli.addSubcommand(dev.duet.cli.internal.create.NewCommand.commandLine()); // duet new: needs no app
        return cli;
    }
}
