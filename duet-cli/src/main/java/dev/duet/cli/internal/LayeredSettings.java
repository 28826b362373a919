package dev.duet.cli.internal;

import dev.duet.Config;
import dev.duet.cli.Settings;
import dev.duet.db.Database;
import dev.duet.db.DbConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings gathered from layered sources ({@link SettingsLoader}): every value checked when they
 * are made, and each remembering where it came from.
 */
public final class LayeredSettings implements Settings {
    private final Setting profile;
    private final Config config;
    private final Map<String, Setting> knobs;     // the knobs some source set, by name
    private final Map<String, Setting> database;  // databaseUrl and its siblings some source set
    private final Map<String, Setting> app;       // the app's keys by normalized name; key() as first written
    private final DbConfig dbConfig;
    private Database db;
    private boolean closed;

    private LayeredSettings(Setting profile, Config config, Map<String, Setting> knobs, Map<String, Setting> database,
                            Map<String, Setting> app, DbConfig dbConfig) {
        this.profile = profile;
        this.config = config;
        this.knobs = Collections.unmodifiableMap(knobs);
        this.database = Collections.unmodifiableMap(database);
        this.app = Collections.unmodifiableMap(app);
        this.dbConfig = dbConfig;
    }

    /**
     * Settings from {@code all}, lowest source first: a later value for a key replaces an earlier
     * one. An unknown key fails naming its source; so does a value that does not parse.
     */
    static LayeredSettings of(Setting profile, List<Setting> all) {
        Map<String, Setting> knobs = new LinkedHashMap<>();
        Map<String, Setting> database = new LinkedHashMap<>();
        Map<String, Setting> app = new LinkedHashMap<>();
        // The dev profile is for a developer's machine: dev mode, unless a source says otherwise.
        if (profile.value().equals("dev")) knobs.put("dev", new Setting("dev", "true", "profile dev"));
        for (Setting s : all) {
            if (Keys.KNOBS.contains(s.key())) {
                knobs.put(s.key(), s);
            } else if (Keys.DATABASE.contains(s.key())) {
                database.put(s.key(), s);
            } else if (s.key().startsWith(Keys.APP) && s.key().length() > Keys.APP.length()) {
                String name = s.key().substring(Keys.APP.length());
                Setting before = app.get(Keys.normalizeApp(name));
                // Keep the spelling the key was first written in: env names are upper-case guesses.
                String shown = before == null ? s.key() : before.key();
                app.put(Keys.normalizeApp(name), new Setting(shown, s.value(), s.source()));
            } else {
                throw new BadSettings(s.source() + ": unknown setting '" + s.key() + "'" + Keys.hint(s.key())
                        + ". Duet's settings are its knobs (see docs/cli.md) and databaseUrl, databasePoolSize,"
                        + " databaseConnectionPerRequest, databaseTablePrefix, databaseSchema; the app's own keys start with 'app.'");
            }
        }
        return new LayeredSettings(profile, config(knobs), knobs, database, app, DbSettings.dbConfig(database));
    }

    private static Config config(Map<String, Setting> knobs) {
        Config.Builder b = Config.builder();
        for (Setting s : knobs.values()) {
            try {
                b.apply(Map.of(), Map.of("duet." + s.key(), s.value()));
            } catch (IllegalArgumentException e) {
                String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
                throw new BadSettings("bad value for " + s.key() + " (" + s.source() + "): '" + Mask.value(s.key(), s.value())
                        + "': " + (Keys.isSecret(s.key()) ? "not a valid value" : why), e);
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            // Config's range checks start with the knob's name ("port must be in 0..65535, got 70000").
            String msg = String.valueOf(e.getMessage());
            for (Setting s : knobs.values()) {
                if (msg.startsWith(s.key() + " ") || msg.startsWith(s.key() + ":")) {
                    throw new BadSettings("bad value for " + s.key() + " (" + s.source() + "): " + msg, e);
                }
            }
            throw new BadSettings("bad settings: " + msg, e);
        }
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public String profile() {
        return profile.value();
    }

    /** The app's key {@code key} ({@code mail.host}), written {@code app.mail.host} in a file, {@code DUET_APP_MAIL_HOST} in the environment. */
    @Override
    public Optional<String> get(String key) {
        Setting s = app.get(Keys.normalizeApp(key));
        return s == null ? Optional.empty() : Optional.of(s.value());
    }

    @Override
    public synchronized Database database() {
        if (closed) throw new IllegalStateException("these settings are closed; their database with them");
        if (db == null) db = Database.connect(dbConfig);
        return db;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (db != null) db.close();
    }

    /** Where the profile came from: {@code --profile}, {@code env DUET_PROFILE}, or {@code default}. */
    public String profileSource() {
        return profile.source();
    }

    /** The setting that decided Duet knob {@code knob}; empty if it has its default. */
    public Optional<Setting> knob(String knob) {
        return Optional.ofNullable(knobs.get(knob));
    }

    /** The database settings some source set, by key ({@code databaseUrl}...). */
    public Map<String, Setting> databaseSettings() {
        return database;
    }

    /** The app's keys some source set, each under the spelling it was first written in ({@code app.mail.host}). */
    public List<Setting> appSettings() {
        return List.copyOf(app.values());
    }

    /** The database's config, as {@link #database()} connects with it. */
    public DbConfig dbConfig() {
        return dbConfig;
    }

    @Override
    public String toString() {
        return "Settings[profile " + profile.value() + ", " + knobs.size() + " knobs and " + app.size() + " app keys set]";
    }
}
