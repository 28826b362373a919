package dev.duet.jobs.internal;

import java.util.List;

/**
 * The two tables, per dialect: db-scheduler's executions (its documented columns) and Duet's job
 * states. Every statement is idempotent ({@code IF NOT EXISTS}), so each instance may run them at
 * start.
 */
public final class Ddl {
    private Ddl() {
    }

    /** The statements that create both tables on {@code dialect} ({@code postgresql}, {@code mysql}, {@code sqlite}). */
    public static List<String> statements(String dialect, String executions, String jobs) {
        return switch (dialect) {
            case "postgresql" -> List.of(
                    "CREATE TABLE IF NOT EXISTS " + executions + " (task_name TEXT NOT NULL, task_instance TEXT NOT NULL,"
                            + " task_data BYTEA, execution_time TIMESTAMPTZ NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,"
                            + " last_success TIMESTAMPTZ, last_failure TIMESTAMPTZ, consecutive_failures INT,"
                            + " last_heartbeat TIMESTAMPTZ, version BIGINT NOT NULL, priority SMALLINT,"
                            + " PRIMARY KEY (task_name, task_instance))",
                    "CREATE INDEX IF NOT EXISTS " + executions + "_execution_time_idx ON " + executions + " (execution_time)",
                    "CREATE INDEX IF NOT EXISTS " + executions + "_last_heartbeat_idx ON " + executions + " (last_heartbeat)",
                    jobsTable(jobs, "TEXT", "BIGINT", ""),
                    "CREATE INDEX IF NOT EXISTS " + jobs + "_finished_idx ON " + jobs + " (state, finished_at)");
            // An explicit DEFAULT keeps MariaDB (explicit_defaults_for_timestamp off) from giving the
            // first TIMESTAMP column ON UPDATE CURRENT_TIMESTAMP, which would move every due time.
            case "mysql" -> List.of(
                    "CREATE TABLE IF NOT EXISTS " + executions + " (task_name VARCHAR(100) NOT NULL,"
                            + " task_instance VARCHAR(100) NOT NULL, task_data MEDIUMBLOB,"
                            + " execution_time TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), picked BOOLEAN NOT NULL,"
                            + " picked_by VARCHAR(50), last_success TIMESTAMP(6) NULL, last_failure TIMESTAMP(6) NULL,"
                            + " consecutive_failures INT, last_heartbeat TIMESTAMP(6) NULL, version BIGINT NOT NULL,"
                            + " priority SMALLINT, PRIMARY KEY (task_name, task_instance),"
                            + " INDEX " + executions + "_execution_time_idx (execution_time),"
                            + " INDEX " + executions + "_last_heartbeat_idx (last_heartbeat))",
                    jobsTable(jobs, "MEDIUMTEXT", "BIGINT", ", INDEX " + jobs + "_finished_idx (state, finished_at)"));
            case "sqlite" -> List.of(
                    "CREATE TABLE IF NOT EXISTS " + executions + " (task_name TEXT NOT NULL, task_instance TEXT NOT NULL,"
                            + " task_data BLOB, execution_time TIMESTAMP NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,"
                            + " last_success TIMESTAMP, last_failure TIMESTAMP, consecutive_failures INT,"
                            + " last_heartbeat TIMESTAMP, version BIGINT NOT NULL, priority SMALLINT,"
                            + " PRIMARY KEY (task_name, task_instance))",
                    "CREATE INDEX IF NOT EXISTS " + executions + "_execution_time_idx ON " + executions + " (execution_time)",
                    "CREATE INDEX IF NOT EXISTS " + executions + "_last_heartbeat_idx ON " + executions + " (last_heartbeat)",
                    jobsTable(jobs, "TEXT", "INTEGER", ""),
                    "CREATE INDEX IF NOT EXISTS " + jobs + "_finished_idx ON " + jobs + " (state, finished_at)");
            default -> throw new IllegalArgumentException("duet-jobs does not know the " + dialect + " dialect");
        };
    }

    // Times are epoch milliseconds: the same in every dialect and time zone, and compared as numbers.
    private static String jobsTable(String jobs, String text, String bigint, String index) {
        return "CREATE TABLE IF NOT EXISTS " + jobs + " (id VARCHAR(36) NOT NULL PRIMARY KEY, type VARCHAR(80) NOT NULL,"
                + " state VARCHAR(8) NOT NULL, attempts INT NOT NULL, last_error " + text + ", payload " + text + ", result " + text
                + ", request_id VARCHAR(200), created_at " + bigint + " NOT NULL, next_attempt_at " + bigint + ", finished_at "
                + bigint + index + ")";
    }
}
