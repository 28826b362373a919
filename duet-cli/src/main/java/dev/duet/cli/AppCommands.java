package dev.duet.cli;

import dev.duet.cli.internal.CliEnv;
import dev.duet.cli.internal.DbCommands;
import dev.duet.cli.internal.Declared;
import picocli.CommandLine;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Adds {@code db} and the app's own commands to the command line, as picocli specs built in code. */
final class AppCommands {
    private AppCommands() {
    }

    /** Adds the {@code db} group and the commands {@code app} declares to {@code cli}. */
    static void addTo(CommandLine cli, Application app, CliEnv env) {
        cli.addSubcommand("db", group("db", "The app's database: migrations, tables, a SQL shell.", DbCommands.all(app), app, env));
        Set<String> taken = new HashSet<>(cli.getSubcommands().keySet());
        taken.add("help");
        Commands commands = new Commands(taken);
        app.commands(commands);
        for (Command c : commands.list()) cli.addSubcommand(c.name(), line(c, app, env));
    }

    private static CommandLine group(String name, String description, List<Command> members, Application app, CliEnv env) {
        CommandSpec[] self = new CommandSpec[1];
        CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
            // "duet db" alone: say what it takes, as picocli does for a missing parameter.
            CommandLine line = self[0].commandLine();
            line.getErr().println("Missing subcommand: " + String.join(", ", line.getSubcommands().keySet()));
            line.usage(line.getErr());
            return CommandLine.ExitCode.USAGE;
        });
        self[0] = spec;
        spec.name(name).mixinStandardHelpOptions(true);
        spec.usageMessage().description(description);
        CommandLine line = new CommandLine(spec);
        for (Command c : members) line.addSubcommand(c.name(), line(c, app, env));
        return line;
    }

    static CommandLine line(Command command, Application app, CliEnv env) {
        CommandSpec[] self = new CommandSpec[1];
        CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> CommandRun.execute(command, self[0], app, env));
        self[0] = spec;
        spec.name(command.name()).mixinStandardHelpOptions(true);
        spec.usageMessage().description(command.description());
        for (Declared d : command.options()) {
            OptionSpec.Builder o = OptionSpec.builder(d.name()).type(d.type()).description(d.description());
            if (!d.flag()) {
                o.paramLabel("<" + d.name().replaceFirst("^-+", "") + ">");
                if (d.defaultValue() != null) o.defaultValue(d.defaultValue()).showDefaultValue(Visibility.ALWAYS);
            }
            spec.addOption(o.build());
        }
        spec.addOption(OptionSpec.builder("--verbose").type(Boolean.class).description("Print the stack trace of a failure.").build());
        List<Declared> params = command.params();
        for (int i = 0; i < params.size(); i++) {
            Declared d = params.get(i);
            spec.addPositional(PositionalParamSpec.builder().index(String.valueOf(i)).arity("1").required(true).paramLabel("<" + d.name() + ">")
                    .type(d.type()).description(d.description()).build());
        }
        return new CommandLine(spec);
    }
}
