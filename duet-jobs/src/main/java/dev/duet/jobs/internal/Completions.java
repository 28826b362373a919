package dev.duet.jobs.internal;

import dev.duet.db.Database;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The end of successful jobs on PostgreSQL, written in groups: each job's outcome ({@code duet_job}
 * done) and the removal of its execution, for all the jobs that end while a write is under way,
 * in one transaction of four round trips (begin, a batch of deletes, a batch of updates, commit)
 * instead of four per job. A job's thread waits until its own group has committed, so a job is
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
        boolean written;
        RuntimeException error;
        volatile boolean finished;

        Item(Done done) {
            this.done = done;
        }
    }

    private final Database db;
    private final String deleteSql;
    private final String doneSql;
    private final ConcurrentLinkedQueue<Item> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    public Completions(Database db, String jobsTable, String executionsTable) {
        this.db = db;
        this.deleteSql = "DELETE FROM " + executionsTable + " WHERE task_name = ? AND task_instance = ? AND version = ?";
        this.doneSql = JobStore.doneSql(jobsTable);
    }

    /**
     * Writes {@code done}, with whatever other jobs end meanwhile; returns once it is committed:
     * true if written, false if the execution was no longer this instance's (nothing written).
     */
    public boolean complete(Done done) {
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
        return item.written;
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
        boolean[] removed = db.transaction(() -> db.withConnection(c -> {
            // As for a single job (Runner): the outcome need not wait for the WAL flush; a crash in
            // that window runs the jobs again, which at-least-once allows.
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL synchronous_commit TO OFF");
            }
            boolean[] gone = new boolean[group.size()];
            try (PreparedStatement del = c.prepareStatement(deleteSql)) {
                for (Item i : group) {
                    del.setString(1, i.done.taskName());
                    del.setString(2, i.done.id());
                    del.setLong(3, i.done.version());
                    del.addBatch();
                }
                int[] counts = del.executeBatch();
                for (int k = 0; k < counts.length; k++) gone[k] = counts[k] == 1;
            }
            try (PreparedStatement up = c.prepareStatement(doneSql)) {
                int n = 0;
                for (int k = 0; k < group.size(); k++) {
                    if (!gone[k]) continue;
                    Done d = group.get(k).done;
                    up.setInt(1, d.attempts());
                    up.setString(2, d.result());
                    up.setLong(3, d.finishedAt());
                    up.setString(4, d.id());
                    up.addBatch();
                    n++;
                }
                if (n > 0) up.executeBatch();
            }
            return gone;
        }));
        for (int k = 0; k < group.size(); k++) group.get(k).written = removed[k];
    }
}
