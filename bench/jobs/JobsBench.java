import dev.duet.db.Database;
import dev.duet.db.DbConfig;
import dev.duet.jobs.JobType;
import dev.duet.jobs.Jobs;
import dev.duet.jobs.JobsConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jobs per second on one PostgreSQL: enqueue N jobs (E virtual threads, each enqueue its own
 * transaction: a duet_job row and a db-scheduler row), then start one instance with T threads and
 * time how long it takes to run them all (trivial handlers: the figure is duet-jobs' and
 * db-scheduler's own cost per job). In a schema of its own, dropped at the end.
 *
 *   java JobsBench URL N ENQUEUERS THREADS POOL
 */
public final class JobsBench {
    record Ping(int n) {
    }

    /** This JVM's CPU time so far: on a shared machine, steadier than a rate. */
    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int n = Integer.parseInt(args[1]);
        int enqueuers = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int pool = Integer.parseInt(args[4]);
        String schema = "duet_jobs_bench_" + ProcessHandle.current().pid();
        String admin = "jdbc:" + url.replaceFirst("^postgresql://([^@]+)@", "postgresql://") + (url.contains("?") ? "&" : "?")
                + "user=" + url.replaceFirst("^postgresql://([^@:]+).*", "$1");
        try (Connection c = DriverManager.getConnection(admin)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        AtomicInteger ran = new AtomicInteger();
        try (Database db = Database.connect(DbConfig.builder().url(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema)
                .poolSize(pool).build())) {
            JobType<Ping> ping = JobType.of("ping", Ping.class, (p, ctx) -> {
                ran.incrementAndGet();
                return null;
            });
            Jobs jobs = Jobs.on(db).config(JobsConfig.builder().threads(threads).pollInterval(Duration.ofMillis(100)).build())
                    .define(ping).build();

            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> fs = new ArrayList<>();
                for (int e = 0; e < enqueuers; e++) {
                    int first = e;
                    fs.add(ex.submit(() -> {
                        for (int i = first; i < n; i += enqueuers) jobs.enqueue(ping, new Ping(i));
                        return null;
                    }));
                }
                for (Future<?> f : fs) f.get();
            }
            double enqueueSecs = (System.nanoTime() - t0) / 1e9;
            long cpu1 = cpuNanos();
            System.out.printf("enqueue: %d jobs in %.2f s = %.0f jobs/s (%d enqueuers, pool %d); this JVM's CPU %.0f us/job%n", n,
                    enqueueSecs, n / enqueueSecs, enqueuers, pool, (cpu1 - cpu0) / 1e3 / n);

            long t1 = System.nanoTime();
            jobs.start();
            while (ran.get() < n) Thread.sleep(5);
            double runSecs = (System.nanoTime() - t1) / 1e9;
            long cpu2 = cpuNanos();
            jobs.stop();
            long done = jobs.counts().done();
            System.out.printf("run:     %d jobs in %.2f s = %.0f jobs/s (%d threads; %d recorded done); this JVM's CPU %.0f us/job%n", n,
                    runSecs, n / runSecs, threads, done, (cpu2 - cpu1) / 1e3 / n);
            if (done != n || ran.get() != n) {
                System.out.println("MISMATCH: ran " + ran.get() + ", done " + done + ", expected " + n);
                System.exit(1);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(admin)) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
