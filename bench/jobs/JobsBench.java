import dev.duet.db.Database;
import dev.duet.db.DbConfig;
import dev.duet.jobs.JobType;
import dev.duet.jobs.Jobs;
import dev.duet.jobs.JobsConfig;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jobs per second on one PostgreSQL: enqueue N jobs (E virtual threads, each enqueue its own
 * transaction: a duet_job row and a db-scheduler row), then start one instance with T threads and
 * time how long it takes to run them all (trivial handlers: the figure is duet-jobs' and
 * db-scheduler's own cost per job). In a schema of its own, dropped at the end.
 *
 * With COUNT set, every connection is wrapped to count round trips: each statement executed (a
 * JDBC batch is one), each commit and rollback (PostgreSQL's driver sends BEGIN with the first
 * statement of a transaction, so it costs none of its own). The wrapping costs CPU: the rates of
 * a counting run are not the figures.
 *
 *   java JobsBench URL N ENQUEUERS THREADS POOL
 */
public final class JobsBench {
    record Ping(int n) {
    }

    static final AtomicLong roundTrips = new AtomicLong();

    /** {@code target} behind a proxy of {@code type} that counts the round trips of its calls. */
    @SuppressWarnings("unchecked")
    static <T> T counting(Class<T> type, T target) {
        return (T) Proxy.newProxyInstance(JobsBench.class.getClassLoader(), new Class<?>[] {type}, (proxy, m, a) -> {
            String name = m.getName();
            if (name.startsWith("execute") || name.equals("commit") || name.equals("rollback")) roundTrips.incrementAndGet();
            Object r;
            try {
                r = m.invoke(target, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            // Wrap what carries on talking to the server; unwrap and friends pass through as they are.
            if (r instanceof java.sql.PreparedStatement ps && m.getReturnType() == java.sql.PreparedStatement.class) {
                return counting(java.sql.PreparedStatement.class, ps);
            }
            if (r instanceof Statement st && m.getReturnType() == Statement.class) return counting(Statement.class, st);
            if (r instanceof Connection c && m.getReturnType() == Connection.class) return counting(Connection.class, c);
            return r;
        });
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
        boolean count = System.getenv("COUNT") != null && !System.getenv("COUNT").isBlank();
        DbConfig.Builder config = DbConfig.builder().url(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema).poolSize(pool);
        if (count) config.decorator(ds -> counting(DataSource.class, ds));
        try (Database db = Database.connect(config.build())) {
            JobType<Ping> ping = JobType.of("ping", Ping.class, (p, ctx) -> {
                ran.incrementAndGet();
                return null;
            });
            Jobs jobs = Jobs.on(db).config(JobsConfig.builder().threads(threads).pollInterval(Duration.ofMillis(100)).build())
                    .define(ping).build();

            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            long trips0 = roundTrips.get();
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
            long trips1 = roundTrips.get();
            System.out.printf("enqueue: %d jobs in %.2f s = %.0f jobs/s (%d enqueuers, pool %d); this JVM's CPU %.0f us/job%s%n", n,
                    enqueueSecs, n / enqueueSecs, enqueuers, pool, (cpu1 - cpu0) / 1e3 / n,
                    count ? String.format("; %.2f round trips/job", (trips1 - trips0) / (double) n) : "");

            long t1 = System.nanoTime();
            jobs.start();
            while (ran.get() < n) Thread.sleep(5);
            double runSecs = (System.nanoTime() - t1) / 1e9;
            long cpu2 = cpuNanos();
            long trips2 = roundTrips.get();
            jobs.stop();
            long done = jobs.counts().done();
            System.out.printf("run:     %d jobs in %.2f s = %.0f jobs/s (%d threads; %d recorded done); this JVM's CPU %.0f us/job%s%n", n,
                    runSecs, n / runSecs, threads, done, (cpu2 - cpu1) / 1e3 / n,
                    count ? String.format("; %.2f round trips/job", (trips2 - trips1) / (double) n) : "");
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
