package dev.duet.bench.orm;

import dev.duet.db.Database;
import dev.duet.db.DbConfig;
import dev.duet.db.Id;
import dev.duet.db.Q;
import dev.duet.db.Table;
import dev.duet.db.TableName;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * duet-db against hand-written JDBC on the very same HikariCP pool ({@link Database#dataSource()}),
 * on a TechEmpower-like {@code world} table of 10 000 rows:
 *
 * <ul>
 *   <li>{@code findById}: one row by its primary key ({@code users.find(id)} vs
 *       {@code SELECT … WHERE id = ?} with a PreparedStatement);</li>
 *   <li>{@code query20}: twenty rows through where + orderBy + limit
 *       ({@code where(gt("id", n)).orderBy("id").limit(20).all()} vs the same SELECT by hand).</li>
 * </ul>
 *
 * The JDBC side is what a careful developer writes by hand: a PreparedStatement per call (the
 * drivers' statement caches make that cheap), columns read by index, one object per row. Both
 * sides borrow and return a pooled connection per call, as a request would.
 *
 * <p>{@code database} picks PostgreSQL ({@code DUET_BENCH_POSTGRES_URL}, default
 * {@code postgresql://postgres@127.0.0.1:5432/test}, schema {@code duet_bench}) or SQLite (a file in
 * a temporary directory).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
public class OrmVsJdbc {
    static final int ROWS = 10_000;

    /** TechEmpower's World: an id and a random number. */
    @TableName("world")
    public record World(@Id int id, int randomNumber) {
    }

    @Param({"postgresql", "sqlite"})
    public String database;

    /**
     * CPU time, next to JMH's throughput: this JVM's CPU time (the benchmark thread, GC, JIT) and the
     * calls made, as two counters, each summed over the measured iterations; {@code cpuNanos / calls}
     * is the CPU time per call. On a machine busy with other work, throughput follows the load while
     * CPU time per call hardly does, so it is the steadier measure of what the ORM adds. On
     * PostgreSQL it counts the client's side only: the server runs the same SQL for both.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        /** Calls made in this iteration (a JMH counter). */
        public long calls;
        private long start;

        @Setup(Level.Iteration)
        public void begin() {
            calls = 0;
            start = OS.getProcessCpuTime();
        }

        /** CPU time spent in this iteration, in nanoseconds (a JMH counter). */
        public long cpuNanos() {
            return OS.getProcessCpuTime() - start;
        }
    }

    private Database db;
    private Table<World> worlds;
    private DataSource pool;
    private Path sqliteDir;
    private String findSql;
    private String querySql;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String url;
        if (database.equals("sqlite")) {
            sqliteDir = Files.createTempDirectory("duet-bench-orm");
            url = "sqlite:" + sqliteDir.resolve("bench.db");
        } else {
            String base = System.getenv().getOrDefault("DUET_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test");
            url = base + (base.contains("?") ? "&" : "?") + "currentSchema=duet_bench";
        }
        db = Database.connect(DbConfig.builder().url(url).build());
        if (database.equals("postgresql")) db.execute("CREATE SCHEMA IF NOT EXISTS duet_bench");
        db.createTables(World.class);
        worlds = db.table(World.class);
        if (worlds.count() != ROWS) {
            worlds.deleteAll();
            SplittableRandom random = new SplittableRandom(42);
            List<World> rows = new ArrayList<>(ROWS);
            for (int i = 1; i <= ROWS; i++) rows.add(new World(i, 1 + random.nextInt(ROWS)));
            worlds.insertAll(rows);
        }
        pool = db.dataSource();
        // The statements the ORM sends, written by hand (the quoting is the dialect's).
        String q = database.equals("sqlite") || database.equals("postgresql") ? "\"" : "`";
        findSql = "SELECT " + q + "id" + q + ", " + q + "random_number" + q + " FROM " + q + "world" + q + " WHERE " + q + "id" + q + " = ?";
        querySql = "SELECT " + q + "id" + q + ", " + q + "random_number" + q + " FROM " + q + "world" + q + " WHERE " + q + "id" + q
                + " > ? ORDER BY " + q + "id" + q + " LIMIT ?";
        // Both sides must see the same rows.
        int probe = 1234;
        if (!jdbcFind(probe).equals(worlds.get(probe))) throw new IllegalStateException("ORM and JDBC disagree on row " + probe);
        if (!jdbcQuery(probe).equals(ormQuery(probe))) throw new IllegalStateException("ORM and JDBC disagree on the query");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        db.close();
        if (sqliteDir != null) {
            try (var files = Files.list(sqliteDir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(sqliteDir);
        }
    }

    private static int randomId() {
        return 1 + ThreadLocalRandom.current().nextInt(ROWS);
    }

    private static int randomStart() {
        return ThreadLocalRandom.current().nextInt(ROWS - 20);
    }

    // ---- find by id ----

    @Benchmark
    public World findByIdOrm(Cpu cpu) {
        cpu.calls++;
        return worlds.find(randomId()).orElseThrow();
    }

    @Benchmark
    public World findByIdJdbc(Cpu cpu) throws SQLException {
        cpu.calls++;
        return jdbcFind(randomId());
    }

    private World jdbcFind(int id) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(findSql)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("no world " + id);
                return new World(rs.getInt(1), rs.getInt(2));
            }
        }
    }

    // ---- 20 rows: where + orderBy + limit ----

    @Benchmark
    public List<World> query20Orm(Cpu cpu) {
        cpu.calls++;
        return ormQuery(randomStart());
    }

    @Benchmark
    public List<World> query20Jdbc(Cpu cpu) throws SQLException {
        cpu.calls++;
        return jdbcQuery(randomStart());
    }

    private List<World> ormQuery(int after) {
        return worlds.where(Q.gt("id", after)).orderBy("id").limit(20).all();
    }

    private List<World> jdbcQuery(int after) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(querySql)) {
            ps.setInt(1, after);
            ps.setInt(2, 20);
            try (ResultSet rs = ps.executeQuery()) {
                List<World> out = new ArrayList<>(20);
                while (rs.next()) out.add(new World(rs.getInt(1), rs.getInt(2)));
                return out;
            }
        }
    }
}
