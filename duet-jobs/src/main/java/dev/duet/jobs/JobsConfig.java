package dev.duet.jobs;

import dev.duet.DuetJson;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The knobs of {@link Jobs}, each with a default that suits a web app; every setter checks its
 * value and says what is allowed.
 *
 * <pre>{@code
 * JobsConfig config = JobsConfig.builder()
 *         .threads(32)                             // jobs running at once on this instance
 *         .maxAttempts(8)
 *         .backoff(Duration.ofSeconds(2), Duration.ofMinutes(10))
 *         .build();
 * }</pre>
 *
 * @param pollInterval     how often an idle instance looks for due jobs (default 1 s)
 * @param threads          jobs run at once on one instance (default 16); each on a virtual thread
 * @param maxAttempts      attempts of a job before it is dead (default 5), unless its type says
 * @param backoffBase      the wait before the first retry (default 1 s); it doubles each time
 * @param backoffMax       the longest wait between attempts (default 5 min)
 * @param heartbeat        how often an instance marks its running jobs alive (default 30 s)
 * @param missedHeartbeats heartbeats missed before a running job counts as dead and is run again
 *                         elsewhere (default 6: 3 min with the default heartbeat)
 * @param shutdownWait     how long {@link Jobs#stop()} waits for running jobs (default 30 s)
 * @param keepFinished     how long done and dead jobs stay queryable (default 7 days)
 * @param executionsTable  db-scheduler's table (default {@code scheduled_tasks})
 * @param jobsTable        duet-jobs' table of job states (default {@code duet_job})
 * @param createTables     whether {@link Jobs} creates both tables when missing (default true)
 * @param instanceName     this instance's name in the executions it takes (default host name and
 *                         a random suffix)
 * @param jsonMapper       writes payloads and results (default {@link DuetJson}'s rules)
 * @param maxJsonSize      the largest payload or result, in bytes of JSON (default 256 KiB): a
 *                         larger payload is refused at enqueue, a larger result makes the job dead
 */
public record JobsConfig(Duration pollInterval, int threads, int maxAttempts, Duration backoffBase, Duration backoffMax,
                         Duration heartbeat, int missedHeartbeats, Duration shutdownWait, Duration keepFinished,
                         String executionsTable, String jobsTable, boolean createTables, String instanceName,
                         JsonMapper jsonMapper, int maxJsonSize) {
    /** The largest {@link #maxAttempts} allowed. */
    public static final int MAX_ATTEMPTS_LIMIT = 1000;
    /** The largest {@link #maxJsonSize} allowed: what every database's column holds (MariaDB's MEDIUMTEXT is 16 MiB). */
    public static final int MAX_JSON_SIZE_LIMIT = 8 * 1024 * 1024;
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** Checks every value (the builder's rules), so a config built by hand is as safe. */
    public JobsConfig {
        positive(pollInterval, "pollInterval", Duration.ofMillis(10));
        range(threads, 1, 1000, "threads");
        range(maxAttempts, 1, MAX_ATTEMPTS_LIMIT, "maxAttempts");
        positive(backoffBase, "backoffBase", Duration.ofMillis(1));
        positive(backoffMax, "backoffMax", Duration.ofMillis(1));
        if (backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffMax (" + backoffMax + ") must not be shorter than backoffBase (" + backoffBase + ")");
        }
        positive(heartbeat, "heartbeat", Duration.ofMillis(50));
        range(missedHeartbeats, 2, 100, "missedHeartbeats");
        positive(shutdownWait, "shutdownWait", Duration.ZERO);
        positive(keepFinished, "keepFinished", Duration.ofMinutes(1));
        table(executionsTable, "executionsTable");
        table(jobsTable, "jobsTable");
        if (executionsTable.equalsIgnoreCase(jobsTable)) throw new IllegalArgumentException("executionsTable and jobsTable must differ");
        Objects.requireNonNull(instanceName, "instanceName");
        if (instanceName.isBlank() || instanceName.length() > 50) {
            throw new IllegalArgumentException("instanceName must be 1 to 50 characters, not '" + instanceName + "'");
        }
        Objects.requireNonNull(jsonMapper, "jsonMapper");
        range(maxJsonSize, 1024, MAX_JSON_SIZE_LIMIT, "maxJsonSize");
    }

    /** The defaults. */
    public static JobsConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long a running job may go without a heartbeat before another instance runs it again. */
    public Duration deadAfter() {
        return heartbeat.multipliedBy(missedHeartbeats);
    }

    private static void positive(Duration d, String name, Duration min) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(min) < 0 || (min.isZero() && d.isNegative())) {
            throw new IllegalArgumentException(name + " must be at least " + (min.isZero() ? "0" : min) + ", not " + d);
        }
    }

    private static void range(int v, int min, int max, String name) {
        if (v < min || v > max) throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", not " + v);
    }

    private static void table(String t, String name) {
        if (t == null || !TABLE.matcher(t).matches()) {
            throw new IllegalArgumentException(name + " must be a plain SQL name (letters, digits, '_', at most 63), not '" + t + "'");
        }
    }

    /** Builds a {@link JobsConfig}; each setter is checked when {@link #build()} runs. */
    public static final class Builder {
        private Duration pollInterval = Duration.ofSeconds(1);
        private int threads = 16;
        private int maxAttempts = 5;
        private Duration backoffBase = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofMinutes(5);
        private Duration heartbeat = Duration.ofSeconds(30);
        private int missedHeartbeats = 6;
        private Duration shutdownWait = Duration.ofSeconds(30);
        private Duration keepFinished = Duration.ofDays(7);
        private String executionsTable = "scheduled_tasks";
        private String jobsTable = "duet_job";
        private boolean createTables = true;
        private String instanceName;
        private JsonMapper jsonMapper;
        private int maxJsonSize = 256 * 1024;

        private Builder() {
        }

        /** See {@link JobsConfig#pollInterval()}. */
        public Builder pollInterval(Duration v) {
            pollInterval = v;
            return this;
        }

        /** See {@link JobsConfig#threads()}. */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /** See {@link JobsConfig#maxAttempts()}. */
        public Builder maxAttempts(int v) {
            maxAttempts = v;
            return this;
        }

        /** The back-off: {@code base} before the first retry, doubling up to {@code max}, each wait jittered down by up to half. */
        public Builder backoff(Duration base, Duration max) {
            backoffBase = base;
            backoffMax = max;
            return this;
        }

        /** See {@link JobsConfig#heartbeat()} and {@link JobsConfig#missedHeartbeats()}. */
        public Builder heartbeat(Duration interval, int missed) {
            heartbeat = interval;
            missedHeartbeats = missed;
            return this;
        }

        /** See {@link JobsConfig#shutdownWait()}. */
        public Builder shutdownWait(Duration v) {
            shutdownWait = v;
            return this;
        }

        /** See {@link JobsConfig#keepFinished()}. */
        public Builder keepFinished(Duration v) {
            keepFinished = v;
            return this;
        }

        /** See {@link JobsConfig#executionsTable()} and {@link JobsConfig#jobsTable()}. */
        public Builder tables(String executions, String jobs) {
            executionsTable = executions;
            jobsTable = jobs;
            return this;
        }

        /** See {@link JobsConfig#createTables()}. */
        public Builder createTables(boolean v) {
            createTables = v;
            return this;
        }

        /** See {@link JobsConfig#instanceName()}. */
        public Builder instanceName(String v) {
            instanceName = v;
            return this;
        }

        /** See {@link JobsConfig#jsonMapper()}; give the app's own mapper if it has one. */
        public Builder jsonMapper(JsonMapper v) {
            jsonMapper = v;
            return this;
        }

        /** See {@link JobsConfig#maxJsonSize()}. */
        public Builder maxJsonSize(int bytes) {
            maxJsonSize = bytes;
            return this;
        }

        /** The config; an {@link IllegalArgumentException} names the first wrong value. */
        public JobsConfig build() {
            return new JobsConfig(pollInterval, threads, maxAttempts, backoffBase, backoffMax, heartbeat, missedHeartbeats,
                    shutdownWait, keepFinished, executionsTable, jobsTable, createTables,
                    instanceName != null ? instanceName : defaultInstanceName(),
                    jsonMapper != null ? jsonMapper : DuetJson.builder().build(), maxJsonSize);
        }

        private static String defaultInstanceName() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "duet";
            }
            if (host.length() > 40) host = host.substring(0, 40);
            return host + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
