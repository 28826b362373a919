package dev.duet.cli.internal;

import dev.duet.Config;
import dev.duet.cli.Settings;
import dev.duet.db.Database;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Settings whose values are all given up front; the database opens on first use. */
public final class FixedSettings implements Settings {
    /** Where the database is when no source names one: a SQLite file in the working directory. */
    public static final String DEFAULT_DATABASE_URL = "sqlite:duet.db";

    private final Config config;
    private final String profile;
    private final Map<String, String> values;
    private Database database;
    private boolean closed;

    public FixedSettings(Config config, String profile, Map<String, String> values) {
        this.config = Objects.requireNonNull(config, "config");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.values = Map.copyOf(values);
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public String profile() {
        return profile;
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public synchronized Database database() {
        if (closed) throw new IllegalStateException("these settings are closed; their database with them");
        if (database == null) database = Database.connect(values.getOrDefault("databaseUrl", DEFAULT_DATABASE_URL));
        return database;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (database != null) database.close();
    }
}
