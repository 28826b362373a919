package dev.duet.cli.internal;

import dev.duet.db.DbConfig;

import java.util.Locale;
import java.util.Map;

/** The database's settings ({@code databaseUrl} and its siblings) made into a {@link DbConfig}, each bad value naming its source. */
final class DbSettings {
    /** Where the database is when no source names one: a SQLite file in the working directory. */
    static final String DEFAULT_URL = FixedSettings.DEFAULT_DATABASE_URL;

    private DbSettings() {
    }

    static DbConfig dbConfig(Map<String, Setting> database) {
        DbConfig.Builder b = DbConfig.builder().url(DEFAULT_URL);
        for (Setting s : database.values()) {
            String v = s.value().strip();
            try {
                switch (s.key()) {
                    case "databaseUrl" -> b.url(v.isEmpty() ? DEFAULT_URL : v);
                    case "databasePoolSize" -> b.poolSize(Integer.parseInt(v));
                    case "databaseConnectionPerRequest" -> b.connectionPerRequest(bool(v));
                    case "databaseTablePrefix" -> b.tablePrefix(v);
                    case "databaseSchema" -> b.schema(v.isEmpty() ? null : v);
                    default -> throw new IllegalStateException("not a database setting: " + s.key());
                }
            } catch (IllegalArgumentException e) {
                throw new BadSettings("bad value for " + s.key() + " (" + s.source() + "): '" + Mask.value(s.key(), v) + "': "
                        + e.getMessage(), e);
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            String msg = String.valueOf(e.getMessage());
            // DbConfig's checks name its own fields ("tablePrefix must be..."): point at the setting behind it.
            for (Setting s : database.values()) {
                String field = s.key().substring("database".length());
                field = Character.toLowerCase(field.charAt(0)) + field.substring(1);
                if (msg.startsWith(field) || msg.contains(field + "(")) {
                    throw new BadSettings("bad value for " + s.key() + " (" + s.source() + "): " + Mask.url(msg), e);
                }
            }
            throw new BadSettings("bad database settings: " + Mask.url(msg), e);
        }
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }
}
