package dev.duet.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.duet.db.model.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Borrowers queue for a connection's permit before the pool, blocking code and async bodies in
 * one fair line (see {@code ConnectionSource}), on PostgreSQL: the line's order, its timeout and
 * interrupts, its count in {@link Database#poolStats()}, permits coming back on every path, and
 * a thread that borrows while it already holds a connection, with pools of one and two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionPermitsTest {
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(700);
    private TestDatabases.Isolated iso;

    @BeforeAll
    void createTable() {
        iso = TestDatabases.POSTGRESQL.isolate();
        try (Database db = Database.connect(iso.url())) {
            db.createTables(User.class);
        }
    }

    @AfterAll
    void drop() {
        if (iso != null) iso.drop();
    }

    private Database pool(int size, Duration timeout) {
        return Database.connect(DbConfig.builder().url(iso.url()).poolSize(size).connectionTimeout(timeout).build());
    }

    /** Holds one of {@code db}'s connections (in a transaction on a thread of its own) until {@link Held#release}. */
    private static Held hold(Database db) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().start(() -> db.transaction(() -> {
            db.queryMaps("SELECT 1");
            holding.countDown();
            release.await();
            return null;
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).as("the holder got its connection").isTrue();
        return new Held(t, release);
    }

    private record Held(Thread thread, CountDownLatch go) {
        void release() throws InterruptedException {
            go.countDown();
            assertThat(thread.join(Duration.ofSeconds(10))).isTrue();
        }
    }

    /** Polls (up to 10 s) until {@code db} counts {@code n} calls waiting for a connection. */
    private static void awaitWaiting(Database db, int n) throws InterruptedException {
        awaitTrue(() -> db.poolStats().waiting() == n, "waiting == " + n + " (is " + db.poolStats().waiting() + ")");
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached in 10 s: " + what);
            Thread.sleep(2);
        }
    }

    private static int waitingInsideThePool(Database db) {
        return ((HikariDataSource) db.dataSource()).getHikariPoolMXBean().getThreadsAwaitingConnection();
    }

    @Test
    void blockingBorrowersWaitInTheLineNotInsideThePoolAndAreCounted() throws Exception {
        try (Database db = pool(1, Duration.ofSeconds(10))) {
            Held held = hold(db);
            List<Thread> waiters = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) waiters.add(Thread.ofVirtual().start(() -> db.queryMaps("SELECT 1")));
            awaitWaiting(db, 3);
            assertThat(waitingInsideThePool(db)).as("nobody waits in the pool's own hand-off").isZero();
            held.release();
            for (Thread w : waiters) assertThat(w.join(Duration.ofSeconds(10))).isTrue();
            assertThat(db.poolStats().waiting()).isZero();
        }
    }

    @Test
    void blockingAndAsyncBorrowersGetTheConnectionInTheOrderTheyCame() throws Exception {
        try (Database db = pool(1, Duration.ofSeconds(10))) {
            Held held = hold(db);
            List<String> order = new CopyOnWriteArrayList<>();
            Thread a = Thread.ofVirtual().start(() -> db.transaction(() -> order.add("blocking A")));
            awaitWaiting(db, 1);
            CompletableFuture<Boolean> twin = db.async(() -> db.transaction(() -> order.add("async T"))).toCompletableFuture();
            awaitWaiting(db, 2);
            Thread b = Thread.ofVirtual().start(() -> db.transaction(() -> order.add("blocking B")));
            awaitWaiting(db, 3);
            held.release();
            assertThat(a.join(Duration.ofSeconds(10))).isTrue();
            assertThat(b.join(Duration.ofSeconds(10))).isTrue();
            assertThat(twin.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(order).as("one fair line for both").containsExactly("blocking A", "async T", "blocking B");
        }
    }

    @Test
    void aBorrowerQueuedBehindABusyCrowdIsNotStarved() throws Exception {
        // Four threads borrow the pool's only connection over and over, a couple of milliseconds a
        // turn; one more joins the line. In a fair line it is served after at most one turn of each
        // thread that was ahead of it (the bound leaves room for a few turns' worth of scheduling).
        try (Database db = pool(1, Duration.ofSeconds(10))) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger turns = new AtomicInteger();
            List<Thread> crowd = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 4; i++) {
                crowd.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        db.transaction(() -> {
                            db.queryMaps("SELECT pg_sleep(0.002)");
                            return turns.incrementAndGet();
                        });
                    }
                }));
            }
            awaitTrue(() -> db.poolStats().waiting() >= 3, "the crowd queues");
            int queuedAt = turns.get();
            int servedAt = db.transaction(() -> turns.get());
            stop.set(true);
            for (Thread t : crowd) assertThat(t.join(Duration.ofSeconds(10))).isTrue();
            assertThat(servedAt - queuedAt).as("turns the crowd took while the newcomer waited").isLessThanOrEqualTo(12);
        }
    }

    @Test
    void aBorrowerThatGetsNoPermitWithinTheTimeoutFailsAsThePoolsOwnTimeoutDid() throws Exception {
        try (Database db = pool(1, SHORT_TIMEOUT)) {
            Held held = hold(db);
            long start = System.nanoTime();
            assertThatThrownBy(() -> db.queryMaps("SELECT 1"))
                    .isInstanceOf(ConnectionFailure.class)
                    .hasMessageStartingWith("No connection to ")
                    .hasMessageContaining(" within 700 ms: ")
                    .hasMessageContaining("Connection is not available, request timed out after 700ms");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).isGreaterThanOrEqualTo(SHORT_TIMEOUT.minusMillis(50)).isLessThan(Duration.ofSeconds(5));
            assertThat(db.poolStats().waiting()).isZero();
            held.release();
            assertThat(db.queryMaps("SELECT 1")).hasSize(1);
        }
    }

    @Test
    void anInterruptedWaiterStopsWaitingAndKeepsItsInterrupt() throws Exception {
        try (Database db = pool(1, Duration.ofSeconds(10))) {
            Held held = hold(db);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    db.queryMaps("SELECT 1");
                } catch (RuntimeException e) {
                    thrown.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            awaitWaiting(db, 1);
            waiter.interrupt();
            assertThat(waiter.join(Duration.ofSeconds(5))).as("it stopped waiting at once").isTrue();
            assertThat(thrown.get()).isInstanceOf(CancellationException.class)
                    .hasMessage("interrupted while waiting for a database connection");
            assertThat(stillInterrupted).isTrue();
            assertThat(db.poolStats().waiting()).isZero();
            held.release();
            assertThat(db.queryMaps("SELECT 1")).as("no permit lost").hasSize(1);
        }
    }

    @Test
    void permitsComeBackWhenStatementsAndTransactionsFail() {
        try (Database db = pool(1, SHORT_TIMEOUT)) {
            Table<User> users = db.table(User.class);
            users.deleteAll();
            users.create(User.of("Ann", "ann@example.com"));
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> users.create(User.of("Ann", "ann@example.com"))).isInstanceOf(UniqueViolation.class);
                assertThatThrownBy(() -> db.transaction(() -> {
                    users.count();
                    throw new IllegalStateException("roll back");
                })).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> db.queryMaps("SELECT pg_terminate_backend(pg_backend_pid())"))
                        .isInstanceOf(ConnectionFailure.class);
                assertThat(db.async(users::count).toCompletableFuture().join()).isEqualTo(1);
            }
            assertThat(users.count()).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("nothing waited out the timeout: no permit lost")
                    .isLessThan(SHORT_TIMEOUT.multipliedBy(3));
            users.deleteAll();
        }
    }

    @Test
    void withAPoolOfOneABorrowByAThreadThatHoldsTheConnectionFailsAfterTheTimeoutInsteadOfHanging() {
        try (Database db = pool(1, SHORT_TIMEOUT)) {
            // JDBC work outside a transaction holds a connection; an ORM call inside it needs another.
            assertThatThrownBy(() -> db.withConnection(c -> db.queryMaps("SELECT 1")))
                    .isInstanceOf(ConnectionFailure.class).hasMessageContaining("within 700 ms");
            // A transaction waiting for a statement on another thread (not in the transaction).
            assertThatThrownBy(() -> db.transaction(() -> {
                try {
                    return CompletableFuture.supplyAsync(() -> db.queryMaps("SELECT 1"),
                            r -> Thread.ofVirtual().start(r)).join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw (RuntimeException) e.getCause();
                }
            })).isInstanceOf(ConnectionFailure.class);
            assertThat(db.poolStats().waiting()).isZero();
            assertThat(db.queryMaps("SELECT 1")).as("both permits came back").hasSize(1);
        }
    }

    @Test
    void withAPoolOfTwoABorrowByAThreadThatHoldsAConnectionTakesTheOther() {
        try (Database db = pool(2, SHORT_TIMEOUT)) {
            List<java.util.Map<String, Object>> inside = db.withConnection(c -> db.queryMaps("SELECT 1"));
            assertThat(inside).hasSize(1);
            List<java.util.Map<String, Object>> onTheOther = db.transaction(() -> CompletableFuture.supplyAsync(
                    () -> db.queryMaps("SELECT 2 AS two"), r -> Thread.ofVirtual().start(r)).join());
            assertThat(onTheOther).hasSize(1);
            // An async twin inside a transaction joins it: no permit, no second connection.
            List<java.util.Map<String, Object>> joined = db.transaction(
                    () -> db.async(() -> db.queryMaps("SELECT 3 AS three")).toCompletableFuture().join());
            assertThat(joined).hasSize(1);
            assertThat(db.poolStats().waiting()).isZero();
        }
    }
}
