package dev.duet.jobs.internal;

import dev.duet.db.Database;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The end of successful jobs on PostgreSQL, written in groups: each job's outcome ({@code duet_job}
 * done) and the removal of its execution, for all the jobs that end while a write is under way,
 * in one transaction of two round trips (the group's statement, then the commit) instead of four
 * per job. A job's thread waits until its own group has committed, so a job is
 * never reported done before it is, and as before an outcome is written only if the execution is
 * still the one this instance took (same version): a job taken back after missed heartbeats and run
 * elsewhere is left to that run. If a group fails, each of its jobs is written alone, so one bad row
 * fails only its own job (whose execution then stays picked and runs again after the heartbeat
 * timeout, as any failed completion).
 */
public final class Completions {
    /** The largest group: one commit for at most this many jobs. */
    static final int MAX_GROUP = 256;

    /** One job's end: its id, execution (task name and version), attempts, result JSON and end time. */
    public record Done(String id, String taskName, long version, int attempts, String result, long finishedAt) {
    }

    private static final class Item {
        final Done done;
        RuntimeException error;
        volatile boolean finished;

        Item(Done done) {
            this.done = done;
        }
    }

    private final Database db;
    private final String groupSql;
    private final ConcurrentLinkedQueue<Item> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    public Completions(Database db, String jobsTable, String executionsTable) {
        this.db = db;
        // One statement for the whole group, sent with SET LOCAL in one round trip (the driver sends
        // both, and BEGIN, before it waits): the executions still at the version this instance took
        // are deleted, and exactly those jobs are marked done (a final state is never overwritten).
        // As for a single job (Runner), the commit need not wait for the WAL flush: a crash in that
        // window runs the jobs again, which at-least-once allows.
        this.groupSql = "SET LOCAL synchronous_commit TO OFF;"
                + " WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[], ?::bigint[])"
                + " AS v(task_name, id, version, attempts, result, finished_at)),"
                + " gone AS (DELETE FROM " + executionsTable + " s USING v WHERE s.task_name = v.task_name"
                + " AND s.task_instance = v.id AND s.version = v.version RETURNING s.task_instance)"
                + " UPDATE " + jobsTable + " j SET state = 'done', attempts = v.attempts, result = v.result,"
                + " finished_at = v.finished_at, next_attempt_at = NULL FROM v"
                + " WHERE j.id = v.id AND j.id IN (SELECT task_instance FROM gone) AND j.state IN ('queued', 'failed')";
    }

    /**
     * Writes {@code done}, with whatever other jobs end meanwhile; returns once it is committed
     * (nothing is written for a job whose execution is no longer the one this instance took).
     */
    public void complete(Done done) {
        Item item = new Item(done);
        pending.add(item);
        // Group commit: whoever holds the lock writes everything queued so far; the threads that
        // queued behind it find their item written when they get the lock, and return at once.
        while (!item.finished) {
            writer.lock();
            try {
                if (!item.finished) writeQueued();
            } finally {
                writer.unlock();
            }
        }
        if (item.error != null) throw item.error;
    }

    private void writeQueued() {
        List<Item> group = new ArrayList<>();
        for (Item i; group.size() < MAX_GROUP && (i = pending.poll()) != null; ) group.add(i);
        try {
            write(group);
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.getFirst().error = e;
            } else {
                for (Item i : group) {
                    try {
                        write(List.of(i));
                    } catch (RuntimeException alone) {
                        i.error = alone;
                    }
                }
            }
        } finally {
            for (Item i : group) i.finished = true;
        }
    }

    private void write(List<Item> group) {
        int n = group.size();
        String[] names = new String[n], ids = new String[n], results = new String[n];
        Long[] versions = new Long[n], finished = new Long[n];
        Integer[] attempts = new Integer[n];
        for (int k = 0; k < n; k++) {
            Done d = group.get(k).done;
            names[k] = d.taskName();
            ids[k] = d.id();
            versions[k] = d.version();
            attempts[k] = d.attempts();
            results[k] = d.result();
            finished[k] = d.finishedAt();
        }
        db.transaction(() -> db.withConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(groupSql)) {
                st.setArray(1, c.createArrayOf("text", names));
                st.setArray(2, c.createArrayOf("text", ids));
                st.setArray(3, c.createArrayOf("bigint", versions));
                st.setArray(4, c.createArrayOf("integer", attempts));
                st.setArray(5, c.createArrayOf("text", results));
                st.setArray(6, c.createArrayOf("bigint", finished));
                st.execute();
            }
            return null;
        }));
    }
}
