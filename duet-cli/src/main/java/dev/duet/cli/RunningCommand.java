package dev.duet.cli;

import dev.duet.App;
import dev.duet.Tasks;
import dev.duet.cli.internal.CliEnv;
import dev.duet.cli.internal.Declared;
import dev.duet.cli.internal.ProgressLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** The context of one run of one command: its parsed arguments read from picocli's spec. */
final class RunningCommand implements CommandContext {
    private final Command command;
    private final CommandSpec spec;
    private final Application application;
    private final Settings settings;
    private final CliEnv env;
    private final PrintWriter out;
    private final PrintWriter err;
    private BufferedReader in;
    private App app;
    private final List<ProgressLine> progresses = new ArrayList<>();

    RunningCommand(Command command, CommandSpec spec, Application application, Settings settings, CliEnv env) {
        this.command = command;
        this.spec = spec;
        this.application = application;
        this.settings = settings;
        this.env = env;
        this.out = spec.commandLine().getOut();
        this.err = spec.commandLine().getErr();
    }

    @Override
    public <T> T get(String name, Class<T> type) {
        return find(name, type).orElseThrow(() -> new IllegalStateException(command.name() + ": " + name
                + " was not given and has no default; read it with find(\"" + name + "\", ...) instead"));
    }

    @Override
    public <T> Optional<T> find(String name, Class<T> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Declared d = declared(name);
        if (!Declared.boxed(type).isAssignableFrom(d.type())) {
            throw new IllegalArgumentException(command.name() + ": " + name + " is declared a " + d.type().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        Object value = d.positional()
                ? spec.positionalParameters().get(command.params().indexOf(d)).getValue()
                : spec.findOption(name).getValue();
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return Optional.ofNullable(typed);
    }

    @Override
    public boolean flag(String name) {
        Declared d = declared(name);
        if (!d.flag()) throw new IllegalArgumentException(command.name() + ": " + name + " is not a flag; read it with get");
        return Boolean.TRUE.equals(spec.findOption(name).getValue());
    }

    private Declared declared(String name) {
        return Stream.concat(command.options().stream(), command.params().stream())
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(command.name() + " declares no option or parameter '" + name
                        + "'; it has " + names()));
    }

    private List<String> names() {
        return Stream.concat(command.options().stream(), command.params().stream()).map(Declared::name).toList();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public synchronized App app() {
        if (app == null) app = Objects.requireNonNull(application.create(settings), "Application.create returned null");
        return app;
    }

    @Override
    public Tasks tasks() {
        return app().tasks();
    }

    @Override
    public PrintWriter out() {
        return out;
    }

    @Override
    public PrintWriter err() {
        return err;
    }

    @Override
    public synchronized BufferedReader in() {
        if (in == null) in = env.reader();
        return in;
    }

    @Override
    public boolean terminal() {
        return env.terminal();
    }

    @Override
    public synchronized Progress progress(String label, long total) {
        ProgressLine line = new ProgressLine(err, label, total, env.terminal(), System::nanoTime);
        progresses.add(line);
        return line;
    }

    /** Ends the progress lines the command left unfinished (it failed, say), without claiming them done. */
    synchronized void stopProgress() {
        progresses.forEach(ProgressLine::stop);
    }

    /** Stops the app if one was built (background tasks drain, stop hooks run), then closes the settings. */
    void close() {
        App built;
        synchronized (this) {
            built = app;
        }
        try {
            if (built != null) built.stop();
        } finally {
            settings.close();
        }
    }
}
