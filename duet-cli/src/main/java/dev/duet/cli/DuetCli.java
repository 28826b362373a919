package dev.duet.cli;

import dev.duet.cli.internal.BadSettings;
import dev.duet.cli.internal.CliEnv;
import dev.duet.cli.internal.ConfigCommand;
import dev.duet.cli.internal.Inputs;
import dev.duet.cli.internal.RoutesCommand;
import dev.duet.cli.internal.ServeCommand;
import dev.duet.cli.internal.SettingsLoader;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
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
 *
 * Exit codes: 0 success; 1 the command failed (the app would not start, a port in use...); 2 a
 * bad flag or a bad setting (the message names it and its source).
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

    static CommandLine commandLine(Application app) {
        return commandLine(app, Inputs.system());
    }

    // The db and app commands read the same layered settings as serve, in the serve's default profile.
    static CommandLine commandLine(Application app, Inputs inputs) {
        return commandLine(app, inputs, CliEnv.system(() -> SettingsLoader.load(inputs, app == null ? null : app.getClass(),
                "prod", null, List.of())));
    }

    // For CliRunner: its own settings and input for the db and app commands.
    static CommandLine commandLine(Application app, CliEnv env) {
        return commandLine(app, Inputs.system(), env);
    }

    // Commands are declared in code, not by annotations read reflectively: each knows its app.
    // inputs (working directory, environment, system properties) and env (settings and input for the
    // db and app commands) come in, so that tests and CliRunner give their own.
    static CommandLine commandLine(Application app, Inputs inputs, CliEnv env) {
        CommandSpec top = CommandSpec.create().name("duet").mixinStandardHelpOptions(true);
        top.usageMessage().description("The Duet command line.");
        CommandLine cli = new CommandLine(top);
        if (app != null) {
            cli.addSubcommand("serve", new ServeCommand(app, inputs).spec());
            cli.addSubcommand("config", new ConfigCommand(app, inputs).spec());
            cli.addSubcommand("routes", new RoutesCommand(app, inputs).spec());
            AppCommands.addTo(cli, app, env);     // db and the app's own commands: keep last
        }
        cli.setExecutionExceptionHandler(DuetCli::failed);
        if (app == null) cli.addSubcommand(dev.duet.cli.internal.create.NewCommand.commandLine(inputs.workDir())); // duet new: needs no app
        return cli;
    }

    // A command's failure is one clear line on stderr, not a stack trace: the message says what and where.
    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName(" ");
        if (e instanceof BadSettings) {
            cmd.getErr().println(name + ": " + e.getMessage());
            cmd.getErr().flush();
            return 2;
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cmd.getErr().println(name + ": " + e.getMessage());
        } else {
            cmd.getErr().println(name + ": " + e);
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return 1;
    }
}
