package dev.duet.db;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Task;
import dev.duet.conformance.RawClient;
import dev.duet.db.internal.DbUrl;
import dev.duet.netty.NettyCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request cancelled while its statement runs (its client went away, its deadline passed) ends
 * at once; its statement is stopped on the server, not left running; and the pool keeps its
 * connection, which an interrupted JDBC read would have closed. Over real HTTP on the Netty core,
 * on PostgreSQL, MariaDB and SQLite, with a pool of one connection, so that the connection
 * answering afterwards is provably the same one (same server process or thread id).
 */
@Timeout(60)
class CancelledStatementTest {
    /** Far longer than any check here waits: a statement that was not stopped shows. */
    private static final int SLEEP_SECONDS = 6;
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    enum Kind {
        POSTGRES("SELECT pg_sleep(" + SLEEP_SECONDS + ") AS slept", "SELECT pg_backend_pid() AS id",
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active'"),
        MARIADB("SELECT SLEEP(" + SLEEP_SECONDS + ") AS slept", "SELECT CONNECTION_ID() AS id",
                "SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND COMMAND <> 'Sleep'"),
        // About as long, counted in process: SQLite has no server to ask, but sqlite3_interrupt stops it.
        SQLITE("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000000) SELECT count(*) AS n FROM c",
                null, null);

        final String slowSql;
        /** The server's id of the connection running it; null: SQLite has none. */
        final String connectionIdSql;
        /** Whether the server still runs a statement on that connection (asked on another connection). */
        final String runningSql;

        Kind(String slowSql, String connectionIdSql, String runningSql) {
            this.slowSql = slowSql;
            this.connectionIdSql = connectionIdSql;
            this.runningSql = runningSql;
        }
    }

    private Kind kind;
    private TestDatabases.Isolated iso;
    private Database db;
    private App app;
    private Connection admin;
    /** What the slow statement's call threw (null if it returned), and when it ended. */
    private final CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    private final AtomicReference<Long> endedAt = new AtomicReference<>();
    private final CountDownLatch started = new CountDownLatch(1);

    private void start(Kind kind, boolean connectionPerRequest) throws SQLException {
        this.kind = kind;
        iso = switch (kind) {
            case POSTGRES -> TestDatabases.postgres();
            case MARIADB -> TestDatabases.mysql();
            case SQLITE -> TestDatabases.sqlite();
        };
        db = Database.connect(DbConfig.builder().url(iso.url()).poolSize(1).connectionTimeout(Duration.ofSeconds(10))
                .connectionPerRequest(connectionPerRequest).build());
        db.execute("CREATE TABLE marks (n INT)");
        if (kind.runningSql != null) admin = adminConnection(iso.url());
        app = App.create(Config.builder().host("127.0.0.1").port(0).eventLoops(2).shutdownGrace(Duration.ofSeconds(5)).build());
        DuetDb.install(app, db);
        Duration deadline = Duration.ofMillis(500);
        app.get("/slow", req -> slowStatement());
        app.get("/slow-deadline", req -> slowStatement()).timeout(deadline);
        app.getAsync("/slow-async", req -> db.async(this::slowStatement));
        app.get("/slow-parallel", req -> req.tasks().parallel(List.of(Task.blocking(this::slowStatement)))).timeout(deadline);
        app.get("/cancelled-first", req -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();   // cancelled, and on to its first statement regardless
            }
            return slowStatement();
        }).timeout(deadline);
        app.get("/slow-transaction", req -> db.transaction(() -> {
            db.execute("INSERT INTO marks (n) VALUES (1)");
            return slowStatement();
        })).timeout(deadline);
        app.start(new NettyCore());
    }

    /** The slow statement, through the ORM, with what became of it recorded. */
    private List<Map<String, Object>> slowStatement() {
        started.countDown();
        RuntimeException failure = null;
        try {
            return db.queryMaps(kind.slowSql);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            endedAt.set(System.nanoTime());
            outcome.complete(failure);
        }
    }

    @AfterEach
    void stop() throws SQLException {
        if (app != null) app.stop();
        if (db != null) db.close();
        if (admin != null) admin.close();
        if (iso != null) iso.drop();
    }

    // ---- the client goes away ----

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aClientThatGoesAwayStopsTheStatementAndThePoolKeepsItsConnection(Kind kind) throws Exception {
        start(kind, true);
        hangUpDuring("/slow");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aClientThatGoesAwayStopsTheStatementOfAnAsyncTwin(Kind kind) throws Exception {
        start(kind, true);
        hangUpDuring("/slow-async");
    }

    private void hangUpDuring(String path) throws Exception {
        Object before = connectionId();
        long hungUp;
        try (RawClient client = new RawClient(app.port())) {
            client.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            awaitRunning(before);
            hungUp = System.nanoTime();
        }
        assertStoppedPromptly(hungUp, before);
    }

    // ---- the deadline passes ----

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDeadlineThatPassesStopsTheStatementAndThePoolKeepsItsConnection(Kind kind) throws Exception {
        start(kind, true);
        answers504AndStops("/slow-deadline");
    }

    @Test
    void aStatementOnAConnectionOfItsOwnIsStoppedTooAndItsConnectionKept() throws Exception {
        start(Kind.POSTGRES, false);
        answers504AndStops("/slow-deadline");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDeadlineThatPassesStopsTheStatementOfAParallelTask(Kind kind) throws Exception {
        start(kind, true);
        answers504AndStops("/slow-parallel");
    }

    /**
     * Its first statement would borrow the connection; the pool checks one idle for over half a
     * second with a query on the borrowing thread, which the pending interrupt would break.
     */
    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"POSTGRES", "MARIADB"})
    void aRequestCancelledBeforeItsFirstStatementRunsNoneAndLosesNoConnection(Kind kind) throws Exception {
        start(kind, true);
        Object before = connectionId();
        Thread.sleep(600);
        try (RawClient client = new RawClient(app.port())) {
            client.send("GET /cancelled-first HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(504);
        }
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(app.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(connectionId()).as("the pool's one connection is the one it had before").isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTransactionWhoseStatementIsStoppedRollsBackOnTheSameConnection(Kind kind) throws Exception {
        start(kind, true);
        answers504AndStops("/slow-transaction");
        assertThat(db.queryMaps("SELECT count(*) AS n FROM marks").getFirst().get("n"))
                .as("the insert before the stopped statement was rolled back")
                .satisfies(n -> assertThat(((Number) n).intValue()).isZero());
        assertThat(db.transaction(() -> db.execute("INSERT INTO marks (n) VALUES (2)"))).isEqualTo(1);
    }

    private void answers504AndStops(String path) throws Exception {
        Object before = connectionId();
        long sent = System.nanoTime();
        try (RawClient client = new RawClient(app.port())) {
            client.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res res = client.read();
            assertThat(res.status()).isEqualTo(504);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("answered at the deadline").isLessThan(PROMPTLY);
        assertStoppedPromptly(sent, before);
    }

    // ---- what every case checks ----

    private void assertStoppedPromptly(long since, Object connectionBefore) throws Exception {
        Throwable thrown = outcome.get(PROMPTLY.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        assertThat(Duration.ofNanos(endedAt.get() - since)).as("the statement's call ended soon after the cancellation")
                .isLessThan(PROMPTLY);
        assertThat(thrown).as("the stopped statement's call fails as cancelled, not as a database failure")
                .isInstanceOf(CancellationException.class);
        if (kind.runningSql != null) {
            assertThat(stopsRunningOn(connectionBefore)).as("the server stops running the statement").isTrue();
        }
        assertThat(app.awaitIdle(Duration.ofSeconds(5))).isTrue();
        if (kind.connectionIdSql != null) {
            assertThat(connectionId()).as("the pool's one connection is the one it had before").isEqualTo(connectionBefore);
        } else {
            assertThat(db.queryMaps("SELECT 7 AS n").getFirst().get("n")).isEqualTo(7);
        }
    }

    private Object connectionId() {
        if (kind.connectionIdSql == null) return null;
        return ((Number) db.queryMaps(kind.connectionIdSql).getFirst().get("id")).longValue();
    }

    /** Waits until the server runs the slow statement (SQLite: until it has started, and a moment). */
    private void awaitRunning(Object connection) throws Exception {
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        if (kind.runningSql == null) {
            Thread.sleep(300);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!runningOn(connection)) {
            assertThat(System.nanoTime()).as("the slow statement started on the server").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Whether the server runs a statement on {@code connection} now. */
    private boolean runningOn(Object connection) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement(kind.runningSql)) {
            ps.setLong(1, (Long) connection);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /** Whether the server stops running a statement on {@code connection} within {@link #PROMPTLY}. */
    private boolean stopsRunningOn(Object connection) throws Exception {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (runningOn(connection)) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(20);
        }
        return true;
    }

    private static Connection adminConnection(String url) throws SQLException {
        DbUrl parsed = DbUrl.parse(url);
        Properties props = new Properties();
        props.putAll(parsed.credentials());
        return DriverManager.getConnection(parsed.jdbcUrl(), props);
    }

    // ---- why: without the shield ----

    /**
     * The premise, on the drivers alone: a virtual thread interrupted while its statement runs
     * loses its connection (the JDK closes an interrupted virtual thread's socket). If this ever
     * stops holding, the shield costs a little for nothing; it is still correct.
     */
    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"POSTGRES", "MARIADB"})
    void withoutTheShieldAnInterruptedStatementLosesItsConnection(Kind kind) throws Exception {
        this.kind = kind;
        iso = kind == Kind.POSTGRES ? TestDatabases.postgres() : TestDatabases.mysql();
        admin = adminConnection(iso.url());
        try (Connection c = adminConnection(iso.url())) {
            long id = idOf(c);
            AtomicReference<SQLException> failure = new AtomicReference<>();
            Thread worker = Thread.ofVirtual().start(() -> {
                try (Statement st = c.createStatement()) {
                    st.execute(kind.slowSql);
                } catch (SQLException e) {
                    failure.set(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!runningOn(id)) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(10);
            }
            worker.interrupt();
            worker.join(PROMPTLY.toMillis());
            assertThat((Throwable) failure.get()).as("the interrupted statement failed").isNotNull();
            assertThat(failure.get().getSQLState()).as("as a lost connection").startsWith("08");
            assertThat(c.isValid(1)).as("the connection is gone").isFalse();
        }
    }

    private long idOf(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(kind.connectionIdSql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
