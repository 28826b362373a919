package dev.duet.db;

import dev.duet.db.model.Counter;
import dev.duet.db.model.Item;
import dev.duet.db.model.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What only SQLite needs: its pragmas, many writers at once, two pools on one file, in-memory databases. */
class SqliteTest {
    private TestDatabases.Isolated iso;
    private Database db;

    @BeforeEach
    void open() {
        iso = TestDatabases.sqlite();
        db = Database.connect(iso.url());
        db.createTables(User.class, Item.class, Counter.class);
    }

    @AfterEach
    void close() {
        db.close();
        iso.drop();
    }

    @Test
    void connectionsUseWalABusyTimeoutAndForeignKeys() {
        assertThat(db.queryMaps("PRAGMA journal_mode").getFirst().values()).containsExactly("wal");
        assertThat(((Number) db.queryMaps("PRAGMA foreign_keys").getFirst().values().iterator().next()).intValue()).isEqualTo(1);
        assertThat(((Number) db.queryMaps("PRAGMA busy_timeout").getFirst().values().iterator().next()).intValue()).isEqualTo(10_000);
        assertThat(((Number) db.queryMaps("PRAGMA synchronous").getFirst().values().iterator().next()).intValue())
                .as("NORMAL").isEqualTo(1);
    }

    @Test
    void manyConcurrentWritersLoseNothingAndNeverSeeSqliteBusy() {
        Table<Item> items = db.table(Item.class);
        Table<Counter> counters = db.table(Counter.class);
        Counter c = counters.create(new Counter(null, "hits", 0));
        int writers = 64;
        int each = 25;
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            for (int i = 0; i < each; i++) {
                int n = i;
                // an autocommit insert, a read-modify-write transaction, and a query-level update, all at once
                all.add(items.createAsync(new Item(null, "w" + writer, n)).toCompletableFuture());
                all.add(db.transactionAsync(() -> {
                    Counter now = counters.get(c.id());
                    counters.save(new Counter(now.id(), now.name(), now.value() + 1));
                }).toCompletableFuture());
                all.add(items.where("name", "w" + writer).updateAsync("name", "w" + writer).toCompletableFuture());
            }
        }
        all.forEach(f -> f.exceptionally(t -> {
            errors.add(t);
            return null;
        }).join());
        assertThat(errors).isEmpty();
        assertThat(items.count()).isEqualTo((long) writers * each);
        assertThat(counters.get(c.id()).value()).as("no lost update").isEqualTo((long) writers * each);
    }

    @Test
    void twoPoolsOnOneFileWaitForEachOtherInsteadOfFailing() {
        try (Database other = Database.connect(iso.url())) {
            Table<Counter> a = db.table(Counter.class);
            Table<Counter> b = other.table(Counter.class);
            Counter c = a.create(new Counter(null, "shared", 0));
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Database d = i % 2 == 0 ? db : other;
                Table<Counter> t = i % 2 == 0 ? a : b;
                all.add(d.transactionAsync(() -> {
                    Counter now = t.get(c.id());
                    t.save(new Counter(now.id(), now.name(), now.value() + 1));
                }).toCompletableFuture());
            }
            all.forEach(CompletableFuture::join);
            assertThat(a.get(c.id()).value()).isEqualTo(200);
        }
    }

    @Test
    void inMemoryDatabasesWorkWithOneConnection() {
        try (Database mem = Database.connect(DbConfig.builder().url("sqlite::memory:").poolSize(4).build())) {
            assertThat(mem.poolSize()).isEqualTo(1);
            mem.createTables(User.class);
            Table<User> users = mem.table(User.class);
            users.create(User.of("Ann", "ann@example.com"));
            mem.transaction(() -> users.create(User.of("Bob", "bob@example.com")));
            List<CompletableFuture<User>> many = new ArrayList<>();
            for (int i = 0; i < 100; i++) many.add(users.createAsync(User.of("u" + i, "u" + i + "@example.com")).toCompletableFuture());
            many.forEach(CompletableFuture::join);
            assertThat(users.count()).isEqualTo(102);
        }
    }

    @Test
    void migrationsRunOnAnInMemoryDatabaseToo() {
        try (Database mem = Database.connect("sqlite::memory:")) {
            assertThat(mem.migrate()).isEqualTo(2);
            assertThat(mem.migrate()).isZero();
            assertThat(mem.queryMaps("SELECT COUNT(*) AS n FROM widgets").getFirst().get("n")).isEqualTo(2);
        }
    }

    @Test
    void urlsInEveryForm() {
        assertThat(dev.duet.db.internal.DbUrl.parse("sqlite:app.db").jdbcUrl()).isEqualTo("jdbc:sqlite:app.db");
        assertThat(dev.duet.db.internal.DbUrl.parse("sqlite://data/app.db").jdbcUrl()).isEqualTo("jdbc:sqlite:data/app.db");
        assertThat(dev.duet.db.internal.DbUrl.parse("sqlite::memory:").memory()).isTrue();
        var pg = dev.duet.db.internal.DbUrl.parse("postgresql://app:p%40ss@db.local:5433/shop?sslmode=disable");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/shop?sslmode=disable");
        assertThat(pg.user()).isEqualTo("app");
        assertThat(pg.password()).isEqualTo("p@ss");
        assertThat(dev.duet.db.internal.DbUrl.parse("postgres://u@h/d").kind()).isEqualTo(dev.duet.db.internal.DbUrl.Kind.POSTGRESQL);
        assertThat(dev.duet.db.internal.DbUrl.parse("mysql://root@127.0.0.1:3306/test").jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
        assertThat(dev.duet.db.internal.DbUrl.parse("mariadb://root@h/test").kind()).isEqualTo(dev.duet.db.internal.DbUrl.Kind.MYSQL);
        assertThat(dev.duet.db.internal.DbUrl.parse("jdbc:mysql://h/d").jdbcUrl()).isEqualTo("jdbc:mysql://h/d?permitMysqlScheme");
        assertThat(dev.duet.db.internal.DbUrl.redact("postgresql://app:hunter2@h/d")).isEqualTo("postgresql://app:***@h/d");
        assertThatThrownBy(() -> Database.connect("oracle://x/y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported database URL");
    }

    @Test
    void tooManyQueuedAsyncCallsAreRefusedNotQueuedForever() {
        try (Database small = Database.connect(DbConfig.builder().url("sqlite::memory:").maxQueuedAsync(5)
                .connectionTimeout(Duration.ofSeconds(5)).build())) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            List<CompletableFuture<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(small.async(() -> {
                    release.await();
                    return 1;
                }).toCompletableFuture());
            }
            long refused = all.stream().filter(f -> f.isCompletedExceptionally()).count();
            release.countDown();
            assertThat(refused).isGreaterThanOrEqualTo(14);
            assertThatThrownBy(() -> all.getLast().join()).hasCauseInstanceOf(Overloaded.class);
            assertThat(all.getFirst().join()).isEqualTo(1);
        }
    }

    @Test
    void closedDatabasesSaySo() {
        Database d = Database.connect("sqlite::memory:");
        d.createTables(User.class);
        d.close();
        assertThatThrownBy(() -> d.table(User.class).count()).isInstanceOf(DbException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> d.table(User.class).countAsync().toCompletableFuture().join()).hasCauseInstanceOf(DbException.class);
        assertThat(Map.of()).isEmpty();
    }
}
