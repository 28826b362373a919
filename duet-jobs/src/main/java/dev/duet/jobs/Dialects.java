package dev.duet.jobs;

import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.MariaDBJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;

/**
 * db-scheduler's settings per Duet dialect, named rather than detected (detection asks the
 * driver, and would mistake a MySQL server for MariaDB's rules or the other way round less often
 * than it costs a connection at start). Times are written in UTC everywhere.
 */
final class Dialects {
    private Dialects() {
    }

    static JdbcCustomization customization(String dialect) {
        return switch (dialect) {
            case "postgresql" -> new PostgreSqlJdbcCustomization(false, true);
            case "mysql" -> new MariaDBJdbcCustomization(true);
            default -> new Sqlite();
        };
    }

    /** db-scheduler 16.7 has no SQLite rules; its defaults hold but for the ANSI row limit, which SQLite lacks. */
    private static final class Sqlite extends DefaultJdbcCustomization {
        Sqlite() {
            super(true);
        }

        @Override
        public String getName() {
            return "SQLite";
        }

        @Override
        public String getQueryLimitPart(int limit) {
            return " LIMIT " + limit;
        }
    }

    /**
     * PostgreSQL takes due executions with one {@code UPDATE … FOR UPDATE SKIP LOCKED} statement, so
     * instances never contend for a row; db-scheduler does not yet do that on MariaDB, nor can SQLite,
     * which select due rows and then take each with an optimistic update (its version column): still
     * safe, one winner per row, but a busy cluster wastes some reads.
     */
    static SchedulerBuilder polling(String dialect, SchedulerBuilder b) {
        return dialect.equals("postgresql") ? b.pollUsingLockAndFetch(0.5, 1.0) : b;
    }
}
