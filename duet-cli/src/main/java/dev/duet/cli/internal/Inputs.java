package dev.duet.cli.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What settings are read from besides files and flags: the working directory (where
 * {@code duet.properties} or {@code duet.toml} is), the environment variables and the system properties. The real ones
 * in a command line, given ones in tests, so that no test has to change its own process.
 */
public record Inputs(Path workDir, Map<String, String> env, Map<String, String> properties) {
    /** Copies the maps: what a command reads does not change under it. */
    public Inputs {
        Objects.requireNonNull(workDir, "workDir");
        env = Map.copyOf(env);
        properties = Map.copyOf(properties);
    }

    /** This process's working directory, environment and system properties. */
    public static Inputs system() {
        Map<String, String> props = new HashMap<>();
        System.getProperties().forEach((k, v) -> props.put(k.toString(), v.toString()));
        return new Inputs(Path.of("").toAbsolutePath(), System.getenv(), props);
    }
}
