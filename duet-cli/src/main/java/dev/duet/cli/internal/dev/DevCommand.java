package dev.duet.cli.internal.dev;

import dev.duet.Config;
import dev.duet.cli.Application;
import dev.duet.cli.internal.FixedSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code duet run}: the app in dev mode with live reload (see {@link DevRunner}). Only the app's
 * class name is used: each generation makes its own instance from freshly compiled classes.
 */
public final class DevCommand implements Callable<Integer> {
    private final Application application;
    private final PrintStream terminal;
    private final CommandSpec spec;
    private final OptionSpec project;
    private final OptionSpec src;
    private final OptionSpec resources;
    private final OptionSpec host;
    private final OptionSpec port;
    private final OptionSpec debounce;

    /** The command for {@code application}, reporting compiles and reloads on {@code terminal}. */
    public DevCommand(Application application, PrintStream terminal) {
        this.application = Objects.requireNonNull(application, "application");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        spec = CommandSpec.wrapWithoutInspection(this).name("run").mixinStandardHelpOptions(true);
        spec.usageMessage().description("Runs the app in dev mode: compiles src/main/java in process, reloads on each save"
                + " (Java: a new generation behind the same port; templates and static files: read from the folder),"
                + " and reloads open browser tabs.");
        project = option("--project", Path.class, "DIR", ".", "The project's directory.");
        src = option("--src", Path.class, "DIR", "src/main/java", "The Java sources, relative to the project.");
        resources = option("--resources", Path.class, "DIR", "src/main/resources",
                "Templates, static files and other resources, relative to the project.");
        host = option("--host", String.class, "HOST", "127.0.0.1", "The address to bind.");
        port = option("--port", Integer.class, "PORT", "8000", "The port to bind (0 picks a free one).");
        debounce = option("--debounce-ms", Long.class, "MS", "30",
                "How long after the last file event a save is taken as done (0 to " + DevOptions.MAX_DEBOUNCE.toMillis() + ").");
    }

    private OptionSpec option(String name, Class<?> type, String label, String defaultValue, String description) {
        OptionSpec o = OptionSpec.builder(name).type(type).paramLabel(label).defaultValue(defaultValue)
                .description(description + " Default: " + defaultValue + ".").build();
        spec.addOption(o);
        return o;
    }

    /** The command, to register under the {@code duet} command. */
    public CommandSpec spec() {
        return spec;
    }

    /** The options as given, for the runner. */
    DevOptions options() {
        long ms = debounce.<Long>getValue();
        if (ms < 0 || ms > DevOptions.MAX_DEBOUNCE.toMillis()) {
            throw new IllegalArgumentException("--debounce-ms: " + ms + " is outside 0 to " + DevOptions.MAX_DEBOUNCE.toMillis());
        }
        // The settings loader of the command line takes over here once it lands (profile dev).
        return new DevOptions(application.getClass().getName(), project.getValue(), src.getValue(), resources.getValue(),
                host.getValue(), port.<Integer>getValue(), Duration.ofMillis(ms), Config.fromEnvironment(),
                config -> new FixedSettings(config, "dev", Map.of()), terminal);
    }

    /** Runs until the JVM is asked to end; 0 then. A project that cannot start fails with its reason. */
    @Override
    public Integer call() throws Exception {
        try (DevRunner runner = DevRunner.start(options())) {
            // Until the JVM is asked to end (Ctrl-C), which closes the runner: port, generations, work directory.
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("duet-run-shutdown").unstarted(runner::close));
            runner.awaitClose();
        }
        return 0;
    }
}
