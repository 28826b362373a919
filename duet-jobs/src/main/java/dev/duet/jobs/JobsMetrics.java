package dev.duet.jobs;

import dev.duet.jobs.internal.JobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Micrometer meters of a {@link Jobs} (Micrometer is an optional dependency of duet-jobs: add
 * duet-metrics, or micrometer-core, to use this class). Every meter is tagged {@code type} with a
 * job type's or a schedule's name, and nothing else, so the series are as many as the types the
 * app defined:
 * <ul>
 *   <li>counters {@code duet.jobs.enqueued}, {@code duet.jobs.succeeded}, {@code duet.jobs.failed}
 *       (attempts that failed and will be retried), {@code duet.jobs.dead} (attempts that failed and
 *       were the last), {@code duet.jobs.revived} (jobs taken back from an instance that stopped
 *       sending heartbeats), counted on the instance where it happened;</li>
 *   <li>a timer {@code duet.jobs.run} (Prometheus: {@code duet_jobs_run_seconds}) of each run's
 *       time, with a histogram;</li>
 *   <li>gauges {@code duet.jobs.running} (running on this instance), and, from the database for
 *       the whole cluster, {@code duet.jobs.pending} (not finished: queued, failed and waiting for a
 *       retry, or running), {@code duet.jobs.due} (of those, the ones whose time has come) and
 *       {@code duet.jobs.due.age} (seconds since the earliest of them was due: a queue that falls
 *       behind shows here first). The three database gauges come from one grouped query, run at
 *       most once per {@code refresh} (5 s by default) however often they are scraped;</li>
 *   <li>scheduler health, untagged: {@code duet.jobs.scheduler.running} (1 while this instance
 *       takes jobs) and the counter {@code duet.jobs.scheduler.errors}, tagged {@code kind}
 *       ({@code unexpected}, {@code completion}, {@code failure}, {@code heartbeat}).</li>
 * </ul>
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = DuetMetrics.prometheus(app);   // GET /metrics
 * JobsMetrics.bind(registry, jobs);
 * }</pre>
 */
public final class JobsMetrics {
    /** How often, at most, the database gauges query the job table by default. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);

    private JobsMetrics() {
    }

    /** Registers {@code jobs}' meters in {@code registry}, the database gauges refreshed at most every 5 s. */
    public static void bind(MeterRegistry registry, Jobs jobs) {
        bind(registry, jobs, DEFAULT_REFRESH);
    }

    /**
     * Registers {@code jobs}' meters in {@code registry}, the database gauges refreshed at most once
     * per {@code refresh} (at least 100 ms: each refresh is a query over the unfinished jobs).
     */
    public static void bind(MeterRegistry registry, Jobs jobs, Duration refresh) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(refresh, "refresh");
        if (refresh.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("refresh must be at least 100 ms (each refresh queries the job table), was " + refresh);
        }
        Set<String> names = new LinkedHashSet<>(jobs.types());
        jobs.schedules().forEach(s -> names.add(s.name()));
        Depths depths = new Depths(jobs, refresh);
        Meters meters = new Meters(registry);
        for (String type : names) {
            meters.of(type);
            if (jobs.types().contains(type)) {
                Gauge.builder("duet.jobs.pending", depths, d -> d.get(type).pending()).tag("type", type).strongReference(true)
                        .description("Jobs not finished (queued, waiting for a retry, or running), in the whole cluster").register(registry);
                Gauge.builder("duet.jobs.due", depths, d -> d.get(type).due()).tag("type", type).strongReference(true)
                        .description("Unfinished jobs whose time has come (running ones included), in the whole cluster").register(registry);
                Gauge.builder("duet.jobs.due.age", depths, d -> d.age(type)).tag("type", type).baseUnit("seconds").strongReference(true)
                        .description("Seconds since the earliest unfinished job was due").register(registry);
            }
        }
        // Micrometer holds a gauge's object weakly unless told: the figures must live as long as the registry.
        Gauge.builder("duet.jobs.scheduler.running", jobs, j -> j.isRunning() ? 1 : 0).strongReference(true)
                .description("1 while this instance takes jobs").register(registry);
        jobs.listen(meters);
    }

    /** Per-type meters, made once per type; a type unknown at bind time (none, normally) gets its own on first use. */
    private static final class Meters implements JobEvents {
        private record Of(Counter enqueued, Counter succeeded, Counter failed, Counter dead, Counter revived, Timer run,
                          AtomicInteger running) {
        }

        private final MeterRegistry registry;
        private final Map<String, Of> byType = new ConcurrentHashMap<>();
        private final Map<String, Counter> errors = new ConcurrentHashMap<>();

        Meters(MeterRegistry registry) {
            this.registry = registry;
        }

        Of of(String type) {
            return byType.computeIfAbsent(type, t -> {
                AtomicInteger running = new AtomicInteger();
                Gauge.builder("duet.jobs.running", running, AtomicInteger::get).tag("type", t).strongReference(true)
                        .description("Runs in progress on this instance").register(registry);
                return new Of(counter("duet.jobs.enqueued", "Jobs enqueued", t),
                        counter("duet.jobs.succeeded", "Runs that succeeded", t),
                        counter("duet.jobs.failed", "Runs that failed and will be retried", t),
                        counter("duet.jobs.dead", "Runs that failed and were the last: the job is dead", t),
                        counter("duet.jobs.revived", "Jobs taken back from an instance that stopped sending heartbeats", t),
                        Timer.builder("duet.jobs.run").tag("type", t).description("How long each run took")
                                .publishPercentileHistogram().register(registry),
                        running);
            });
        }

        private Counter counter(String name, String description, String type) {
            return Counter.builder(name).tag("type", type).description(description).register(registry);
        }

        @Override
        public void enqueued(String type) {
            of(type).enqueued().increment();
        }

        @Override
        public void started(String type) {
            of(type).running().incrementAndGet();
        }

        @Override
        public void succeeded(String type, Duration took) {
            Of m = of(type);
            m.succeeded().increment();
            m.run().record(took);
        }

        @Override
        public void failed(String type, Duration took) {
            Of m = of(type);
            m.failed().increment();
            m.run().record(took);
        }

        @Override
        public void dead(String type, Duration took) {
            Of m = of(type);
            m.dead().increment();
            m.run().record(took);
        }

        @Override
        public void ended(String type) {
            of(type).running().decrementAndGet();
        }

        @Override
        public void revived(String type) {
            of(type).revived().increment();
        }

        @Override
        public void schedulerError(String kind) {
            errors.computeIfAbsent(kind, k -> Counter.builder("duet.jobs.scheduler.errors").tag("kind", k)
                    .description("Troubles of the scheduler itself (polling, completion and failure handlers, heartbeats)")
                    .register(registry)).increment();
        }
    }

    /**
     * The database gauges' figures, read by one grouped query at most once per {@code refresh}: a
     * scrape that finds them older queries again, and scrapes that arrive while it does read the
     * figures they replace rather than query too. A query that fails leaves the last figures.
     */
    private static final class Depths {
        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("dev.duet.jobs");
        private static final JobStore.Depth NONE = new JobStore.Depth("", 0, 0, null);
        private final Jobs jobs;
        private final long refreshNanos;
        private final ReentrantLock refreshing = new ReentrantLock();
        private volatile Map<String, JobStore.Depth> figures = Map.of();
        private volatile long readAt;
        private volatile boolean read;

        Depths(Jobs jobs, Duration refresh) {
            this.jobs = jobs;
            this.refreshNanos = refresh.toNanos();
        }

        JobStore.Depth get(String type) {
            long now = System.nanoTime();
            if ((!read || now - readAt >= refreshNanos) && refreshing.tryLock()) {
                try {
                    if (!read || System.nanoTime() - readAt >= refreshNanos) {
                        try {
                            List<JobStore.Depth> rows = jobs.depth();
                            Map<String, JobStore.Depth> m = new HashMap<>();
                            for (JobStore.Depth d : rows) m.put(d.type(), d);
                            figures = m;
                        } catch (RuntimeException e) {
                            // The database is away: the gauges keep their last figures until it is back.
                            log.debug("The job gauges' query failed; they keep their last figures", e);
                        }
                        readAt = System.nanoTime();
                        read = true;
                    }
                } finally {
                    refreshing.unlock();
                }
            }
            return figures.getOrDefault(type, NONE);
        }

        double age(String type) {
            Instant earliest = get(type).earliestDue();
            if (earliest == null) return 0;
            long millis = System.currentTimeMillis() - earliest.toEpochMilli();
            return millis <= 0 ? 0 : millis / 1000.0;
        }
    }
}
