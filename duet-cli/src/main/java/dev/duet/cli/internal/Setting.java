package dev.duet.cli.internal;

import java.util.Objects;

/**
 * One value as a source gave it: {@code key} as written there, its text, and where it came from
 * ({@code duet.properties:3}, {@code env DUET_PORT}, {@code --port}, {@code -Dduet.port}).
 */
public record Setting(String key, String value, String source) {
    /** Refuses nulls: every setting has a key, a value (perhaps empty) and a source. */
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }
}
