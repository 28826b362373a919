package dev.duet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A database of its own for one test class, on the real servers (a PostgreSQL schema, a MariaDB
 * database, a SQLite file), dropped after; so parallel runs and other modules' tests never meet.
 * A server that is not there fails the test saying so: the db commands are never tested on a mock.
 */
interface IsolatedDatabase extends AutoCloseable {
    String POSTGRES_ADMIN = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=5";
    String MARIADB_ADMIN = "jdbc:mariadb://127.0.0.1:3306/test?user=root&connectTimeout=5000";

    /** The URL the app's settings name ({@code databaseUrl}). */
    String url();

    /** Drops what was created. */
    @Override
    void close();

    static IsolatedDatabase sqlite() throws IOException {
        Path dir = Files.createTempDirectory("duet-cli-db");
        return new IsolatedDatabase() {
            public String url() {
                return "sqlite:" + dir.resolve("app.db");
            }

            public void close() {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new IllegalStateException("could not delete " + dir, e);
                }
            }
        };
    }

    static IsolatedDatabase postgres() {
        String schema = uniqueName();
        admin(POSTGRES_ADMIN, "CREATE SCHEMA " + schema);
        return new IsolatedDatabase() {
            public String url() {
                return "postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema;
            }

            public void close() {
                admin(POSTGRES_ADMIN, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        };
    }

    static IsolatedDatabase mariadb() {
        String name = uniqueName();
        admin(MARIADB_ADMIN, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        return new IsolatedDatabase() {
            public String url() {
                return "mariadb://root@127.0.0.1:3306/" + name;
            }

            public void close() {
                admin(MARIADB_ADMIN, "DROP DATABASE IF EXISTS " + name);
            }
        };
    }

    private static String uniqueName() {
        return "duet_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static void admin(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("The test database server at " + jdbcUrl.replaceFirst("\\?.*", "") + " is not reachable ("
                    + e.getMessage() + "); start it: the db commands are tested on real servers", e);
        }
    }
}
