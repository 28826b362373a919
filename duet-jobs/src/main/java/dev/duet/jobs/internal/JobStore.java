package dev.duet.jobs.internal;

import dev.duet.db.Database;
import dev.duet.jobs.JobCounts;
import dev.duet.jobs.JobId;
import dev.duet.jobs.JobState;
import dev.duet.jobs.JobStatus;

import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code duet_job} table: one row per job, from enqueue until it is cleaned up after
 * {@code keepFinished}. It keeps what db-scheduler forgets when an execution ends: the result, the
 * attempts, the last error, and done and dead jobs. The stored state is queued, failed, done or
 * dead; running is read from db-scheduler's row ({@code picked}), which the instance running the
 * job keeps alive with heartbeats. Final states are never overwritten: a late write from an
 * instance thought dead (its job since run again elsewhere) changes nothing.
 */
public final class JobStore {
    private static final int MAX_ERROR = 2000;
    private final Database db;
    private final String jobs;
    private final String statusSelect;
    private final String countsSelect;

    public JobStore(Database db, String jobsTable, String executionsTable) {
        this.db = db;
        this.jobs = jobsTable;
        String running = "CASE WHEN s.picked THEN 1 ELSE 0 END";
        String join = " FROM " + jobsTable + " j LEFT JOIN " + executionsTable + " s ON s.task_name = j.type AND s.task_instance = j.id";
        this.statusSelect = "SELECT j.id, j.type, j.state, j.attempts, j.last_error, j.result, j.request_id, j.created_at,"
                + " j.next_attempt_at, j.finished_at, " + running + " AS running" + join + " WHERE j.id = ?";
        this.countsSelect = "SELECT j.state AS state, " + running + " AS running, COUNT(*) AS n" + join
                + " GROUP BY j.state, " + running;
    }

    /** Records a new job; in the caller's transaction, if any. */
    public void insertQueued(JobId id, String type, String payload, String requestId, Instant now, Instant runAt) {
        db.execute("INSERT INTO " + jobs + " (id, type, state, attempts, payload, request_id, created_at, next_attempt_at)"
                + " VALUES (?, ?, 'queued', 0, ?, ?, ?, ?)", id.value(), type, payload, requestId, now.toEpochMilli(), runAt.toEpochMilli());
    }

    /**
     * PostgreSQL: records a new job and its execution (db-scheduler's row, as its client writes it:
     * not picked, version 1) with one statement, so an enqueue is one round trip (and its commit)
     * rather than two; in the caller's transaction, if any, else on its own (one statement is atomic).
     */
    public void insertQueuedWithExecution(String executions, JdbcCustomization jdbc, JobId id, String type, String payload,
                                          String requestId, byte[] taskData, Instant now, Instant runAt) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH job AS (INSERT INTO " + jobs + " (id, type, state, attempts,"
                    + " payload, request_id, created_at, next_attempt_at) VALUES (?, ?, 'queued', 0, ?, ?, ?, ?))"
                    + " INSERT INTO " + executions + " (task_name, task_instance, task_data, execution_time, picked, version)"
                    + " VALUES (?, ?, ?, ?, FALSE, 1)")) {
                ps.setString(1, id.value());
                ps.setString(2, type);
                ps.setString(3, payload);
                ps.setString(4, requestId);
                ps.setLong(5, now.toEpochMilli());
                ps.setLong(6, runAt.toEpochMilli());
                ps.setString(7, type);
                ps.setString(8, id.value());
                jdbc.setTaskData(ps, 9, taskData);
                jdbc.setInstant(ps, 10, runAt);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The job finished on attempt {@code attempts}; whether the row was still open. */
    public boolean markDone(JobId id, int attempts, String result, Instant now) {
        return db.execute(doneSql(jobs), attempts, result, now.toEpochMilli(), id.value()) == 1;
    }

    /** The update that marks a job done: parameters attempts, result, finished_at, id. */
    static String doneSql(String jobs) {
        return "UPDATE " + jobs + " SET state = 'done', attempts = ?, result = ?, finished_at = ?, next_attempt_at = NULL"
                + " WHERE id = ? AND state IN ('queued', 'failed')";
    }

    /** Attempt {@code attempts} failed; the next is due at {@code next}. */
    public boolean markFailed(JobId id, int attempts, String error, Instant next) {
        return db.execute("UPDATE " + jobs + " SET state = 'failed', attempts = ?, last_error = ?, next_attempt_at = ?"
                + " WHERE id = ? AND state IN ('queued', 'failed')", attempts, clip(error), next.toEpochMilli(), id.value()) == 1;
    }

    /** Attempt {@code attempts} failed and was the last. */
    public boolean markDead(JobId id, int attempts, String error, Instant now) {
        return db.execute("UPDATE " + jobs + " SET state = 'dead', attempts = ?, last_error = ?, finished_at = ?, next_attempt_at = NULL"
                + " WHERE id = ? AND state IN ('queued', 'failed')", attempts, clip(error), now.toEpochMilli(), id.value()) == 1;
    }

    /** Deletes done and dead jobs finished before {@code before}; how many. */
    public int deleteFinishedBefore(Instant before) {
        return db.execute("DELETE FROM " + jobs + " WHERE state IN ('done', 'dead') AND finished_at < ?", before.toEpochMilli());
    }

    /** Unfinished jobs of one type: all of them (running ones too), those due by then, and the earliest due time. */
    public record Depth(String type, long pending, long due, Instant earliestDue) {
    }

    /**
     * Unfinished jobs per type, from the job table alone (one pass over the unfinished rows of its
     * state index; no join): what the queue gauges read, cached by their caller.
     */
    public List<Depth> depth(Instant now) {
        List<Depth> out = new java.util.ArrayList<>();
        for (Map<String, Object> raw : db.queryMaps("SELECT type, COUNT(*) AS pending,"
                + " SUM(CASE WHEN next_attempt_at <= ? THEN 1 ELSE 0 END) AS due, MIN(next_attempt_at) AS earliest"
                + " FROM " + jobs + " WHERE state IN ('queued', 'failed') GROUP BY type", now.toEpochMilli())) {
            Map<String, Object> r = lower(raw);
            out.add(new Depth((String) r.get("type"), number(r.get("pending")), number(r.get("due")), instant(r.get("earliest"))));
        }
        return out;
    }

    public Optional<JobStatus> status(JobId id) {
        List<Map<String, Object>> rows = db.queryMaps(statusSelect, id.value());
        if (rows.isEmpty()) return Optional.empty();
        Map<String, Object> r = lower(rows.getFirst());
        JobState state = JobState.valueOf(((String) r.get("state")).toUpperCase(java.util.Locale.ROOT));
        if (!state.isFinal() && number(r.get("running")) == 1) state = JobState.RUNNING;
        return Optional.of(new JobStatus(id, (String) r.get("type"), state, (int) number(r.get("attempts")), (String) r.get("last_error"),
                (String) r.get("result"), (String) r.get("request_id"), instant(r.get("created_at")),
                state == JobState.RUNNING ? null : instant(r.get("next_attempt_at")), instant(r.get("finished_at"))));
    }

    public JobCounts counts() {
        long queued = 0, running = 0, failed = 0, done = 0, dead = 0;
        for (Map<String, Object> raw : db.queryMaps(countsSelect)) {
            Map<String, Object> r = lower(raw);
            long n = number(r.get("n"));
            String state = (String) r.get("state");
            if (number(r.get("running")) == 1 && !state.equals("done") && !state.equals("dead")) {
                running += n;
                continue;
            }
            switch (state) {
                case "queued" -> queued += n;
                case "failed" -> failed += n;
                case "done" -> done += n;
                case "dead" -> dead += n;
                default -> { }
            }
        }
        return new JobCounts(queued, running, failed, done, dead);
    }

    // Column labels come back upper-cased on some drivers.
    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> m = new java.util.HashMap<>();
        row.forEach((k, v) -> m.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return m;
    }

    private static long number(Object v) {
        return switch (v) {
            case null -> 0;
            case Number n -> n.longValue();
            case Boolean b -> b ? 1 : 0;
            default -> Long.parseLong(v.toString());
        };
    }

    private static Instant instant(Object v) {
        return v == null ? null : Instant.ofEpochMilli(number(v));
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "…";
    }
}
