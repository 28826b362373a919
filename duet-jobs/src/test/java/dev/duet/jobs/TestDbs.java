package dev.duet.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Real, isolated databases for the jobs tests: a PostgreSQL schema or a MariaDB database of their
 * own (dropped afterwards), or an SQLite file in a temporary directory. An unreachable server fails
 * the test saying what to start; nothing is skipped or mocked.
 */
final class TestDbs {
    static final String POSTGRES = env("DUET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test");
    static final String MYSQL = env("DUET_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test");

    private TestDbs() {
    }

    /** An isolated database: its URL, and how to drop it. */
    interface Isolated extends AutoCloseable {
        String url();

        @Override
        void close();
    }

    enum Kind {
        POSTGRESQL, MARIADB, SQLITE;

        Isolated isolate() {
            return switch (this) {
                case POSTGRESQL -> postgres();
                case MARIADB -> mariadb();
                case SQLITE -> sqlite();
            };
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static String unique() {
        return "duet_jobs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static Isolated postgres() {
        String schema = unique();
        admin("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "CREATE SCHEMA " + schema);
        String url = POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Isolated() {
            public String url() {
                return url;
            }

            public void close() {
                admin("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        };
    }

    static Isolated mariadb() {
        String name = unique();
        admin("jdbc:mariadb://127.0.0.1:3306/test?user=root", "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        String url = MYSQL.substring(0, MYSQL.lastIndexOf('/') + 1) + name;
        return new Isolated() {
            public String url() {
                return url;
            }

            public void close() {
                admin("jdbc:mariadb://127.0.0.1:3306/test?user=root", "DROP DATABASE IF EXISTS " + name);
            }
        };
    }

    static Isolated sqlite() {
        try {
            Path dir = Files.createTempDirectory("duet-jobs-test");
            return new Isolated() {
                public String url() {
                    return "sqlite:" + dir.resolve("jobs.db");
                }

                public void close() {
                    try (var files = Files.list(dir)) {
                        for (Path p : files.toList()) Files.deleteIfExists(p);
                        Files.deleteIfExists(dir);
                    } catch (java.io.IOException ignored) {
                        // a temporary directory left behind is harmless
                    }
                }
            };
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void admin(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("The test database server is not reachable (" + jdbcUrl + "): " + e.getMessage()
                    + ". Start it; these tests never skip.", e);
        }
    }
}
