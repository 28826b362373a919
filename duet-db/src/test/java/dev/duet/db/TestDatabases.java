package dev.duet.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Real, isolated databases for tests: a fresh SQLite file, a fresh PostgreSQL schema, a fresh
 * MariaDB database, each dropped afterwards, so concurrent runs never meet. An unreachable server
 * fails the test with a message saying what to start; nothing is skipped or mocked.
 */
final class TestDatabases {
    static final String POSTGRES = env("DUET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test");
    static final String MYSQL = env("DUET_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test");

    private TestDatabases() {
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** A kind of database the ORM suites run on: {@link #SQLITE}, {@link #POSTGRESQL}, {@link #MARIADB}. */
    record Kind(String dialect, java.util.function.Supplier<Isolated> isolated, String unreachableUrl) {
        /** A fresh, isolated database of this kind. */
        Isolated isolate() {
            return isolated.get();
        }
    }

    /** SQLite: a file in a temporary directory. */
    static final Kind SQLITE = new Kind("sqlite", TestDatabases::sqlite, "sqlite:/proc/duet-no-such-dir/x.db");
    /** The real PostgreSQL server ({@code DUET_TEST_POSTGRES_URL}), in a schema of its own. */
    static final Kind POSTGRESQL = new Kind("postgresql", TestDatabases::postgres, "postgresql://postgres:secret@127.0.0.1:1/test");
    /** The real MariaDB server ({@code DUET_TEST_MYSQL_URL}), in a database of its own. */
    static final Kind MARIADB = new Kind("mysql", TestDatabases::mysql, "mysql://root:secret@127.0.0.1:1/test");

    /** An isolated database: {@link #url()} to connect to, {@link #drop()} when done. */
    interface Isolated {
        String url();

        void drop();
    }

    static String uniqueName() {
        return "duet_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    static Isolated sqlite() {
        try {
            Path dir = Files.createTempDirectory("duet-db-test");
            Path file = dir.resolve("test.db");
            return new Isolated() {
                public String url() {
                    return "sqlite:" + file;
                }

                public void drop() {
                    try (var files = Files.list(dir)) {
                        for (Path p : files.toList()) Files.deleteIfExists(p);
                        Files.deleteIfExists(dir);
                    } catch (java.io.IOException ignored) {
                        // a temp dir left behind is harmless
                    }
                }
            };
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Isolated postgres() {
        String schema = uniqueName();
        String base = POSTGRES;
        admin(base, "CREATE SCHEMA " + schema, "PostgreSQL", "DUET_TEST_POSTGRES_URL");
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Isolated() {
            public String url() {
                return url;
            }

            public void drop() {
                admin(base, "DROP SCHEMA IF EXISTS " + schema + " CASCADE", "PostgreSQL", "DUET_TEST_POSTGRES_URL");
            }
        };
    }

    static Isolated mysql() {
        String name = uniqueName();
        String base = MYSQL;
        admin(base, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4", "MariaDB/MySQL", "DUET_TEST_MYSQL_URL");
        int q = base.indexOf('?');
        String noQuery = q < 0 ? base : base.substring(0, q);
        String url = noQuery.substring(0, noQuery.lastIndexOf('/') + 1) + name + (q < 0 ? "" : base.substring(q));
        return new Isolated() {
            public String url() {
                return url;
            }

            public void drop() {
                admin(base, "DROP DATABASE IF EXISTS " + name, "MariaDB/MySQL", "DUET_TEST_MYSQL_URL");
            }
        };
    }

    /** Runs one admin statement over plain JDBC; fails the test clearly if the server is not there. */
    private static void admin(String url, String sql, String what, String variable) {
        var parsed = dev.duet.db.internal.DbUrl.parse(url);
        var props = new java.util.Properties();
        props.putAll(parsed.credentials());
        props.put(parsed.kind() == dev.duet.db.internal.DbUrl.Kind.POSTGRESQL ? "connectTimeout" : "connectTimeout",
                parsed.kind() == dev.duet.db.internal.DbUrl.Kind.POSTGRESQL ? "5" : "5000");
        try (Connection c = DriverManager.getConnection(parsed.jdbcUrl(), props); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("The " + what + " test server is not reachable at " + parsed.describe() + " (" + e.getMessage()
                    + "). Start it, or point " + variable + " at one. These tests never skip: the ORM must be tested on a real "
                    + what + ".", e);
        }
    }
}
