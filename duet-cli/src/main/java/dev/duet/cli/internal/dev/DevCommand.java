package dev.duet.cli.internal.dev;

import dev.duet.Config;
import dev.duet.cli.Application;
import dev.duet.cli.internal.AppCommand;
import dev.duet.cli.internal.Inputs;
import dev.duet.cli.internal.LayeredSettings;
import dev.duet.cli.internal.Setting;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code duet run}: the app in dev mode with live reload (see {@link DevRunner}). Only the app's
 * class name is used: each generation makes its own instance from freshly compiled classes, and
 * its settings are loaded afresh (profile {@code dev}), so an edited settings file counts from
 * the next Java reload.
 */
public final class DevCommand extends AppCommand {
    private final PrintStream terminal;
    private final OptionSpec project;
    private final OptionSpec src;
    private final OptionSpec resources;
    private final OptionSpec host;
    private final OptionSpec port;
    private final OptionSpec debounce;

    /** The command for {@code application}, reporting compiles and reloads on {@code terminal}. */
    public DevCommand(Application application, Inputs inputs, PrintStream terminal) {
        super(Objects.requireNonNull(application, "application"), inputs, "run", "dev", "Runs the app in dev mode:"
                + " compiles src/main/java in process, reloads on each save (Java: a new generation behind the same port;"
                + " templates and static files: read from the folder), and reloads open browser tabs.");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        project = optionWithDefault("--project", Path.class, "DIR", ".", "The project's directory.");
        src = optionWithDefault("--src", Path.class, "DIR", "src/main/java", "The Java sources, relative to the project.");
        resources = optionWithDefault("--resources", Path.class, "DIR", "src/main/resources",
                "Templates, static files and other resources, relative to the project.");
        host = optionWithDefault("--host", String.class, "HOST", "127.0.0.1", "The address to bind.");
        port = optionWithDefault("--port", Integer.class, "PORT", "8000", "The port to bind (0 picks a free one).");
        debounce = optionWithDefault("--debounce-ms", Long.class, "MS", "30",
                "How long after the last file event a save is taken as done (0 to " + DevOptions.MAX_DEBOUNCE.toMillis() + ").");
    }

    private OptionSpec optionWithDefault(String name, Class<?> type, String label, String defaultValue, String description) {
        OptionSpec o = OptionSpec.builder(name).type(type).paramLabel(label).defaultValue(defaultValue)
                .description(description + " Default: " + defaultValue + ".").build();
        spec.addOption(o);
        return o;
    }

    /** The options as given, for the runner. */
    DevOptions options() {
        long ms = debounce.<Long>getValue();
        if (ms < 0 || ms > DevOptions.MAX_DEBOUNCE.toMillis()) {
            throw new IllegalArgumentException("--debounce-ms: " + ms + " is outside 0 to " + DevOptions.MAX_DEBOUNCE.toMillis());
        }
        Path resourcesDir = project.<Path>getValue().resolve(resources.<Path>getValue()).toAbsolutePath().normalize();
        Config base;
        try (LayeredSettings settings = loadSettings(List.of())) {
            base = settings.config(); // read now, so that a bad setting fails the command at once
        }
        // Each generation's settings: every source (profile dev), then what the runner must fix:
        // dev mode, a loopback port of its own, and the project's resources folder read first.
        return new DevOptions(application.getClass().getName(), project.getValue(), src.getValue(), resources.getValue(),
                host.getValue(), port.<Integer>getValue(), Duration.ofMillis(ms), base,
                config -> loadSettings(List.of(new Setting("dev", "true", "duet run"), new Setting("host", "127.0.0.1", "duet run"),
                        new Setting("port", "0", "duet run"), new Setting("devResources", resourcesDir.toString(), "duet run"))),
                terminal);
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
