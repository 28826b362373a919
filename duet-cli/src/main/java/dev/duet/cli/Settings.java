package dev.duet.cli;

import dev.duet.Config;
import dev.duet.cli.internal.FixedSettings;
import dev.duet.db.Database;

import java.util.Map;
import java.util.Optional;

/**
 * What an {@link Application} is built from: Duet's {@link Config}, the active profile, the
 * app's own keys, and the app's database, all read from the same sources (a settings file, the
 * environment, command-line flags).
 *
 * <pre>{@code
 * App create(Settings settings) {
 *     App app = App.create(settings.config());
 *     String greeting = settings.get("greeting").orElse("hello");
 *     Database db = settings.database();
 *     ...
 * }
 * }</pre>
 *
 * Closing the settings closes the database if it was opened; the command line does so when the
 * command ends or the app stops.
 */
public interface Settings extends AutoCloseable {
    /** Duet's own settings: host, port, core, limits, timeouts. */
    Config config();

    /** The active profile: {@code dev}, {@code test}, {@code prod} (or one the app names). */
    String profile();

    /** The app's own setting {@code key} (say {@code mail.host}), if any source sets it. */
    Optional<String> get(String key);

    /**
     * The app's database, from the {@code databaseUrl} setting ({@code DATABASE_URL}), opened on
     * the first call and the same one after; {@code sqlite:duet.db} when nothing sets it.
     */
    Database database();

    /** Closes the database if it was opened. Idempotent. */
    @Override
    void close();

    /**
     * Settings fixed in code, for tests and embedding: {@code config}, the profile {@code test},
     * and {@code values} as the app's keys (a {@code databaseUrl} key picks the database).
     */
    static Settings of(Config config, Map<String, String> values) {
        return new FixedSettings(config, "test", values);
    }
}
