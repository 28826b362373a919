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
import java.util.function.Function;

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
        CommandSpec spec = Body.spec(self -> {
            // "duet db" alone: say what it takes, as picocli does for a missing parameter.
            CommandLine line = self.commandLine();
            line.getErr().println("Missing subcommand: " + String.join(", ", line.getSubcommands().keySet()));
            line.usage(line.getErr());
            return CommandLine.ExitCode.USAGE;
        });
        spec.name(name).mixinStandardHelpOptions(true);
        spec.usageMessage().description(description);
        CommandLine line = new CommandLine(spec);
        for (Command c : members) line.addSubcommand(c.name(), line(c, app, env));
        return line;
    }

    static CommandLine line(Command command, Application app, CliEnv env) {
        CommandSpec spec = Body.spec(self -> CommandRun.execute(command, self, app, env));
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

    /** What picocli calls to run a command: {@code run}, given the spec built around it (which holds the parsed values). */
    private static final class Body implements Callable<Integer> {
        private final Function<CommandSpec, Integer> run;
        private CommandSpec spec;

        private Body(Function<CommandSpec, Integer> run) {
            this.run = run;
        }

        static CommandSpec spec(Function<CommandSpec, Integer> run) {
            Body body = new Body(run);
            body.spec = CommandSpec.wrapWithoutInspection(body);
            return body.spec;
        }

        @Override
        public Integer call() {
            return run.apply(spec);
        }
    }
}
