package dev.duet.tour;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;

/**
 * Real, isolated databases for the tour's tests, as {@code DATABASE_URL}s: a SQLite file in a temp
 * directory, a fresh PostgreSQL schema, a fresh MariaDB database, each dropped afterwards. The
 * servers are the ones duet-db's tests use ({@code DUET_TEST_POSTGRES_URL},
 * {@code DUET_TEST_MYSQL_URL}); an unreachable one fails the test saying what to start.
 */
final class TourDatabases {
    static final String POSTGRES = env("DUET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test");
    static final String MYSQL = env("DUET_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test");

    private TourDatabases() {
    }

    /** A database to point the tour at, and to drop afterwards. */
    interface Isolated extends AutoCloseable {
        String url();

        @Override
        void close();
    }

    static Isolated of(String kind) {
        return switch (kind) {
            case "sqlite" -> sqlite();
            case "postgresql" -> postgres();
            case "mariadb" -> mariadb();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static Isolated sqlite() {
        try {
            Path dir = Files.createTempDirectory("duet-tour-db");
            return isolated("sqlite:" + dir.resolve("duet-tour.db"), () -> {
                try (var files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                } catch (java.io.IOException ignored) {
                    // a temp dir left behind is harmless
                }
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Isolated postgres() {
        String schema = uniqueName();
        admin(POSTGRES, "CREATE SCHEMA " + schema);
        String url = POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return isolated(url, () -> admin(POSTGRES, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
    }

    static Isolated mariadb() {
        String name = uniqueName();
        admin(MYSQL, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        int q = MYSQL.indexOf('?');
        String noQuery = q < 0 ? MYSQL : MYSQL.substring(0, q);
        String url = noQuery.substring(0, noQuery.lastIndexOf('/') + 1) + name + (q < 0 ? "" : MYSQL.substring(q));
        return isolated(url, () -> admin(MYSQL, "DROP DATABASE IF EXISTS " + name));
    }

    private static Isolated isolated(String url, Runnable drop) {
        return new Isolated() {
            public String url() {
                return url;
            }

            public void close() {
                drop.run();
            }
        };
    }

    private static String uniqueName() {
        return "duet_tour_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** One admin statement over plain JDBC, on a URL of the {@code postgresql://} or {@code mysql://} form. */
    private static void admin(String url, String sql) {
        URI u = URI.create(url);
        boolean pg = url.startsWith("postgres");
        String jdbc = (pg ? "jdbc:postgresql://" : "jdbc:mariadb://") + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")
                + u.getRawPath();
        Properties props = new Properties();
        String info = u.getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            props.put("user", colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) props.put("password", info.substring(colon + 1));
        }
        props.put("connectTimeout", pg ? "5" : "5000");
        try (Connection c = DriverManager.getConnection(jdbc, props); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("The " + (pg ? "PostgreSQL" : "MariaDB") + " test server is not reachable at " + u.getHost()
                    + ":" + u.getPort() + " (" + e.getMessage() + "). Start it (./duet services), or point "
                    + (pg ? "DUET_TEST_POSTGRES_URL" : "DUET_TEST_MYSQL_URL") + " at one.", e);
        }
    }
}
