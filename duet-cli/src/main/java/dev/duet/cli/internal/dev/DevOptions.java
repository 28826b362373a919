package dev.duet.cli.internal.dev;

import dev.duet.Config;
import dev.duet.cli.Settings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@code duet run} runs and how.
 *
 * @param appClass    the binary name of the app's {@link dev.duet.cli.Application} class, found in {@code sources}
 * @param project     the project's directory
 * @param sources     the Java sources (project-relative {@code src/main/java} by default)
 * @param resources   templates, static files and other resources ({@code src/main/resources})
 * @param host        the address the front binds ({@code 127.0.0.1}: dev mode is for this machine)
 * @param port        the port the front binds (0 picks a free one)
 * @param debounce    how long after the last file event a batch of changes is taken as one save (30 ms)
 * @param config      the settings each generation starts from; dev mode, host, port and
 *                    {@code devResources} are set by the runner
 * @param settingsFor what each generation's {@link Settings} are made of, given its config
 * @param terminal    where compile errors and reloads are reported
 */
public record DevOptions(String appClass, Path project, Path sources, Path resources, String host, int port,
                         Duration debounce, Config config, Function<Config, Settings> settingsFor, PrintStream terminal) {
    /** The longest debounce allowed: beyond it a save would feel lost. */
    public static final Duration MAX_DEBOUNCE = Duration.ofSeconds(5);

    /** Checks the options and makes the paths absolute, {@code sources} and {@code resources} from {@code project}. */
    public DevOptions {
        Objects.requireNonNull(appClass, "appClass");
        project = project.toAbsolutePath().normalize();
        sources = project.resolve(sources).normalize();
        resources = project.resolve(resources).normalize();
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port: " + port + " is not a port (0 to 65535)");
        if (debounce.isNegative() || debounce.compareTo(MAX_DEBOUNCE) > 0) {
            throw new IllegalArgumentException("debounce: " + debounce.toMillis() + " ms is outside 0 to "
                    + MAX_DEBOUNCE.toMillis() + " ms");
        }
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(settingsFor, "settingsFor");
        Objects.requireNonNull(terminal, "terminal");
    }

    /** The settings one generation gets: {@code config} in dev mode, on a loopback port of its own, reading {@code resources}. */
    Config generationConfig() {
        return config.toBuilder().dev(true).host("127.0.0.1").port(0).devResources(resources.toString()).build();
    }
}
