package dev.duet.db.loop;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Response;
import dev.duet.db.Column;
import dev.duet.db.ConnectionFailure;
import dev.duet.db.Database;
import dev.duet.db.DbConfig;
import dev.duet.db.DbException;
import dev.duet.db.DuetDb;
import dev.duet.db.Id;
import dev.duet.db.NotFound;
import dev.duet.db.Overloaded;
import dev.duet.db.Q;
import dev.duet.db.Table;
import dev.duet.db.internal.DbUrl;
import dev.duet.db.UniqueViolation;
import dev.duet.db.ValueTooLong;
import dev.duet.netty.NettyCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With this module present, the ORM's async twins called on one of the Netty core's event loops
 * run there, through the loop's own pool, and behave as their JDBC selves: the same rows, every
 * column type read back alike, the same typed failures, a bound on what may wait. Off a loop
 * (a blocking handler) and inside a transaction they stay on JDBC. Real PostgreSQL, real HTTP.
 */
@Timeout(60)
class LoopTwinsTest {
    static final String POSTGRES = System.getenv().getOrDefault("DUET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test");

    enum Mood { CALM, BUSY }

    record Thing(@Id Long id, @Column(unique = true, length = 20) String name, int n, long big, boolean flag, double ratio, BigDecimal price, Mood mood,
                 @Column(nullable = true) byte[] data, Instant at, LocalDate day, UUID ref,
                 @Column(nullable = true) Integer maybe, @Column(nullable = true) String note) {
    }

    private final String prefix = "loop" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8) + "_";
    private final HttpClient http = HttpClient.newHttpClient();
    private Database db;
    private App app;
    private Table<Thing> things;

    private java.util.function.Consumer<App> blockingRoutes = app -> { };

    private void start(DbConfig.Builder config, Function<Table<Thing>, List<Route>> routes) {
        db = Database.connect(config.tablePrefix(prefix).build());
        things = db.table(Thing.class);
        if (db.config().checkOnConnect()) db.createTables(Thing.class);
        app = App.create(Config.builder().host("127.0.0.1").port(0).eventLoops(2).shutdownGrace(Duration.ofSeconds(2)).build());
        DuetDb.install(app, db);
        for (Route r : routes.apply(things)) {
            app.getAsync(r.path, req -> r.body.apply(req.query("id")).thenApply(v -> Response.text(Thread.currentThread().getName() + "|" + v)));
        }
        blockingRoutes.accept(app);
        app.start(new NettyCore());
    }

    record Route(String path, Function<String, CompletionStage<?>> body) {
    }

    /** A database with {@code config} on PostgreSQL, its table, and an app of one event loop, not started yet. */
    private void onOneLoop(DbConfig.Builder config) {
        db = Database.connect(config.url(POSTGRES).tablePrefix(prefix).build());
        things = db.table(Thing.class);
        db.createTables(Thing.class);
        app = App.create(Config.builder().host("127.0.0.1").port(0).eventLoops(1).shutdownGrace(Duration.ofSeconds(2)).build());
    }

    @AfterEach
    void stop() {
        if (app != null) app.stop();
        if (db != null) {
            try {
                db.dropTables(Thing.class);
            } catch (RuntimeException ignored) {
                // a test that dropped it already
            }
            db.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Thing thing(String name, int n) {
        return new Thing(null, name, n, 1L << 40, n % 2 == 0, n / 4.0, new BigDecimal("12.34"), Mood.BUSY,
                new byte[] {1, 2, (byte) n}, Instant.parse("2026-12-07T10:15:30.123456Z"), LocalDate.of(2026, 12, 7),
                UUID.nameUUIDFromBytes(name.getBytes()), n == 0 ? null : n * 10, null);
    }

    @Test
    void aTwinCalledOnALoopIsAnsweredOnThatLoop() throws Exception {
        start(DbConfig.builder().url(POSTGRES), t -> List.of(new Route("/get", id -> t.getAsync(Long.parseLong(id)).thenApply(Thing::name))));
        Thing ann = things.create(thing("ann", 1));
        HttpResponse<String> res = get("/get?id=" + ann.id());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).startsWith("duet-loop-").endsWith("|ann");
    }

    @Test
    void everyColumnTypeReadsBackOnTheLoopAsOnJdbc() throws Exception {
        List<CompletableFuture<Thing>> seen = new ArrayList<>();
        start(DbConfig.builder().url(POSTGRES), t -> List.of(new Route("/get", id -> {
            CompletableFuture<Thing> f = t.getAsync(Long.parseLong(id)).toCompletableFuture();
            seen.add(f);
            return f.thenApply(Thing::name);
        })));
        for (int n : new int[] {0, 1, 2}) {
            Thing saved = things.create(thing("t" + n, n));
            assertThat(get("/get?id=" + saved.id()).body()).startsWith("duet-loop-");
            Thing onLoop = seen.getLast().join();
            Thing onJdbc = things.get(saved.id());
            assertThat(onLoop).usingRecursiveComparison().isEqualTo(onJdbc);
            assertThat(onLoop.data()).containsExactly(onJdbc.data());
            assertThat(onLoop.at()).isEqualTo(Instant.parse("2026-12-07T10:15:30.123456Z").truncatedTo(ChronoUnit.MICROS));
            assertThat(onLoop.maybe()).isEqualTo(n == 0 ? null : n * 10);
        }
    }

    @Test
    void everyParameterTypeBindsOnTheLoopAsOnJdbc() throws Exception {
        Thing sample = thing("p2", 2);
        List<Q> conditions = List.of(Q.eq("n", 2), Q.eq("big", 1L << 40), Q.eq("flag", true), Q.eq("ratio", 0.5),
                Q.eq("price", new BigDecimal("12.34")), Q.eq("mood", Mood.BUSY), Q.eq("at", sample.at()),
                Q.eq("day", sample.day()), Q.eq("ref", sample.ref()), Q.eq("maybe", 20), Q.isNull("note"),
                Q.in("name", List.of("p2", "p3")), Q.gt("at", Instant.parse("2020-01-01T00:00:00Z")));
        start(DbConfig.builder().url(POSTGRES), t -> List.of(new Route("/count", id ->
                t.countAsync(conditions.get(Integer.parseInt(id))))));
        things.create(sample);
        things.create(thing("p3", 3));
        for (int i = 0; i < conditions.size(); i++) {
            long onJdbc = things.count(conditions.get(i));
            assertThat(onJdbc).as(conditions.get(i).toString()).isPositive();
            assertThat(get("/count?id=" + i).body()).as(conditions.get(i).toString())
                    .startsWith("duet-loop-").endsWith("|" + onJdbc);
        }
    }

    @Test
    void writeTwinsRunOnTheLoopAndFailWithTheSameTypedErrors() throws Exception {
        List<CompletableFuture<?>> seen = new ArrayList<>();
        start(DbConfig.builder().url(POSTGRES), t -> List.of(
                new Route("/create", name -> keep(seen, t.createAsync(thing(name, 7))).thenApply(Thing::id)),
                new Route("/rename", name -> keep(seen, t.where("name", name).updateAsync("name", name + "!"))),
                new Route("/delete", id -> keep(seen, t.deleteByIdAsync(Long.parseLong(id)))),
                new Route("/deleteWhere", name -> keep(seen, t.where(Q.like("name", name + "%")).deleteAsync()))));
        HttpResponse<String> created = get("/create?id=ann");
        assertThat(created.body()).startsWith("duet-loop-");
        long id = Long.parseLong(created.body().substring(created.body().indexOf('|') + 1));
        assertThat(things.get(id).name()).isEqualTo("ann");
        assertThat(things.get(id)).usingRecursiveComparison().ignoringFields("id").isEqualTo(thing("ann", 7));

        assertThat(get("/create?id=ann").statusCode()).isEqualTo(409);
        assertThat(failure(seen.getLast())).isInstanceOf(UniqueViolation.class)
                .satisfies(e -> assertThat(((UniqueViolation) e).fields()).containsExactly("name"));
        assertThat(get("/create?id=" + "n".repeat(25)).statusCode()).isEqualTo(400);
        assertThat(failure(seen.getLast())).isInstanceOf(ValueTooLong.class).hasMessageContaining("name");

        assertThat(get("/rename?id=ann").body()).startsWith("duet-loop-").endsWith("|1");
        assertThat(things.get(id).name()).isEqualTo("ann!");
        assertThat(get("/rename?id=nobody").body()).endsWith("|0");
        assertThat(get("/delete?id=" + id).body()).startsWith("duet-loop-").endsWith("|true");
        assertThat(get("/delete?id=" + id).body()).endsWith("|false");
        assertThat(things.find(id)).isEmpty();
        things.create(thing("zz1", 1));
        things.create(thing("zz2", 2));
        assertThat(get("/deleteWhere?id=zz").body()).startsWith("duet-loop-").endsWith("|2");
        assertThat(things.count()).isZero();
    }

    @Test
    void updateAllAsyncSendsItsOneStatementFromTheLoopAndFailsAsUpdateAll() throws Exception {
        List<List<Thing>> batches = new ArrayList<>();
        List<CompletableFuture<?>> seen = new ArrayList<>();
        start(DbConfig.builder().url(POSTGRES), t -> List.of(new Route("/updateAll", i ->
                keep(seen, t.updateAllAsync(batches.get(Integer.parseInt(i)))).thenApply(l -> l.stream().map(Thing::n).toList()))));
        Thing a = things.create(thing("a", 1));
        Thing b = things.create(thing("b", 2));
        batches.add(List.of(withN(b, 20), withN(a, 10), withN(a, 11)));
        batches.add(List.of(withN(a, 12), withN(new Thing(987654L, "x", 0, 0, false, 0, BigDecimal.ONE, Mood.CALM, null,
                Instant.EPOCH, LocalDate.EPOCH, UUID.randomUUID(), null, null), 0)));
        batches.add(List.of(withName(a, "n".repeat(25))));
        batches.add(List.of(withName(a, "b")));

        assertThat(get("/updateAll?id=0").body()).startsWith("duet-loop-").endsWith("|[20, 10, 11]");
        assertThat(things.get(a.id()).n()).isEqualTo(11); // the last row of an id wins, as in updateAll
        assertThat(things.get(b.id())).usingRecursiveComparison().isEqualTo(withN(b, 20));

        for (int i = 1; i < batches.size(); i++) {
            HttpResponse<String> res = get("/updateAll?id=" + i);
            Throwable onLoop = failure(seen.getLast());
            List<Thing> batch = batches.get(i);
            try {
                things.updateAll(batch);
                throw new AssertionError("updateAll did not fail on " + batch);
            } catch (DbException blocking) {
                assertThat(onLoop).isInstanceOf(blocking.getClass()).hasMessage(blocking.getMessage());
            }
            assertThat(res.statusCode()).isEqualTo(List.of(404, 400, 409).get(i - 1));
        }
        assertThat(failure(seen.get(1))).isInstanceOf(NotFound.class).hasMessageContaining("987654");
        assertThat(failure(seen.get(2))).isInstanceOf(ValueTooLong.class).hasMessageContaining("name");
        assertThat(failure(seen.get(3))).isInstanceOf(UniqueViolation.class)
                .satisfies(e -> assertThat(((UniqueViolation) e).fields()).containsExactly("name"));
        assertThat(things.get(a.id())).usingRecursiveComparison().isEqualTo(withN(a, 11)); // nothing written by the failures
    }

    private static Thing withN(Thing t, int n) {
        return new Thing(t.id(), t.name(), n, t.big(), t.flag(), t.ratio(), t.price(), t.mood(), t.data(), t.at(), t.day(), t.ref(), t.maybe(), t.note());
    }

    private static Thing withName(Thing t, String name) {
        return new Thing(t.id(), name, t.n(), t.big(), t.flag(), t.ratio(), t.price(), t.mood(), t.data(), t.at(), t.day(), t.ref(), t.maybe(), t.note());
    }

    @Test
    void queryTwinsOnTheLoopMatchTheirBlockingSelves() throws Exception {
        start(DbConfig.builder().url(POSTGRES), t -> List.of(
                new Route("/all", id -> t.where(Q.ge("n", 2)).orderBy("-n").limit(3).allAsync()
                        .thenApply(l -> l.stream().map(Thing::name).toList())),
                new Route("/count", id -> t.countAsync(Q.like("name", "x?%"))),
                new Route("/exists", id -> t.existsAsync(Q.eq("name", id))),
                new Route("/first", id -> t.firstAsync(Q.gt("n", 3)).thenApply(o -> o.map(Thing::name))),
                new Route("/findBy", id -> t.findByAsync("name", id).thenApply(o -> o.map(Thing::n))),
                new Route("/several", id -> t.findByAsync("mood", Mood.BUSY)),
                new Route("/missing", id -> t.getAsync(Long.parseLong(id)))));
        for (int n = 0; n < 6; n++) things.create(thing((n % 2 == 0 ? "x?" : "y") + n, n));
        assertThat(get("/all").body()).endsWith("|[y5, x?4, y3]");
        assertThat(get("/count").body()).endsWith("|" + things.count(Q.like("name", "x?%"))).endsWith("|3");
        assertThat(get("/exists?id=y3").body()).endsWith("|true");
        assertThat(get("/exists?id=zz").body()).endsWith("|false");
        assertThat(get("/first").body()).endsWith("|Optional[x?4]");
        assertThat(get("/findBy?id=y5").body()).startsWith("duet-loop-").endsWith("|Optional[5]");
        assertThat(get("/findBy?id=none").body()).endsWith("|Optional.empty");
        HttpResponse<String> several = get("/several");
        assertThat(several.statusCode()).isEqualTo(500);
        HttpResponse<String> missing = get("/missing?id=987654");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("not found");
    }

    @Test
    void theTwinsFailAsTheirJdbcSelvesWithTheSameTypes() throws Exception {
        List<CompletableFuture<?>> seen = new ArrayList<>();
        start(DbConfig.builder().url(POSTGRES), t -> List.of(
                new Route("/several", id -> keep(seen, t.findByAsync("mood", Mood.BUSY))),
                new Route("/missing", id -> keep(seen, t.getAsync(1234567L))),
                new Route("/count", id -> keep(seen, t.countAsync()))));
        things.create(thing("a", 1));
        things.create(thing("b", 2));
        get("/several");
        assertThat(failure(seen.getLast())).isInstanceOf(DbException.class).hasMessageContaining("found several");
        get("/missing");
        assertThat(failure(seen.getLast())).isInstanceOf(NotFound.class);
        db.dropTables(Thing.class);
        get("/count");
        Throwable gone = failure(seen.getLast());
        assertThat(gone).isInstanceOf(DbException.class).isNotInstanceOf(ConnectionFailure.class)
                .hasMessageContaining("counting Thing rows").hasMessageContaining("does not exist");
        assertThatSameOnJdbc(gone, () -> things.count());
    }

    private static void assertThatSameOnJdbc(Throwable onLoop, Runnable blocking) {
        try {
            blocking.run();
            throw new AssertionError("the blocking call did not fail");
        } catch (DbException e) {
            assertThat(onLoop.getClass()).isEqualTo(e.getClass());
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsAConnectionFailureOnTheLoopToo() throws Exception {
        List<CompletableFuture<?>> seen = new ArrayList<>();
        db = Database.connect(DbConfig.builder().url(POSTGRES).tablePrefix(prefix).build());
        db.createTables(Thing.class);
        db.close();
        db = null;
        start(DbConfig.builder().url("postgresql://postgres@127.0.0.1:1/test").checkOnConnect(false)
                        .connectionTimeout(Duration.ofSeconds(2)),
                t -> List.of(new Route("/count", id -> keep(seen, t.countAsync()))));
        HttpResponse<String> res = get("/count");
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(failure(seen.getLast())).isInstanceOf(ConnectionFailure.class).hasMessageContaining("127.0.0.1:1");
        app.stop();
        app = null;
        db.close();
        db = Database.connect(DbConfig.builder().url(POSTGRES).tablePrefix(prefix).build());
    }

    @Test
    void pastItsConnectionsAndQueueALoopRefusesAtOnceWithOverloaded() throws Exception {
        // One loop, so both calls meet the same pool: one connection, no room to wait.
        onOneLoop(DbConfig.builder().loopPoolSize(1).maxQueuedAsync(0));
        List<CompletableFuture<Long>> seen = new ArrayList<>();
        app.getAsync("/two", req -> {
            seen.add(things.countAsync().toCompletableFuture());
            seen.add(things.countAsync().toCompletableFuture());
            return seen.getLast().handle((v, e) -> Response.text(e == null ? "ran" : e.getClass().getSimpleName()));
        });
        app.start(new NettyCore());
        try (Connection locker = admin()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE " + things.tableName() + " IN ACCESS EXCLUSIVE MODE");
            }
            assertThat(get("/two").body()).isEqualTo("Overloaded");
            assertThat(seen.getFirst()).isNotDone(); // it waits for the lock, on the loop's one connection
            locker.rollback();
        }
        assertThat(seen.getFirst().get()).isEqualTo(0L);
        assertThat(failure(seen.getLast())).isInstanceOf(Overloaded.class).hasMessageContaining("try again later");
    }

    @Test
    void aCancelledRequestStopsItsStatementOnTheServerAndThePoolKeepsItsConnection() throws Exception {
        onOneLoop(DbConfig.builder().loopPoolSize(1));
        List<CompletableFuture<Long>> seen = new ArrayList<>();
        app.getAsync("/count", req -> {
            seen.add(things.countAsync().toCompletableFuture());
            return seen.getLast().thenApply(n -> Response.text(Thread.currentThread().getName() + "|" + n));
        }).timeout(Duration.ofMillis(500));
        app.start(new NettyCore());
        try (Connection locker = admin(); Connection watcher = admin()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE " + things.tableName() + " IN ACCESS EXCLUSIVE MODE");
            }
            assertThat(get("/count").statusCode()).isEqualTo(504);
            assertThat(failure(seen.getLast())).isInstanceOf(java.util.concurrent.CancellationException.class)
                    .hasMessageContaining("its statement was stopped");
            // Stopped on the server, though the lock it waited for is still held.
            try (Statement st = watcher.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vertx-pg-client'"
                         + " AND wait_event_type = 'Lock'")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            locker.rollback();
        }
        // The loop's only connection is back in its pool: the next statement gets it.
        HttpResponse<String> next = get("/count");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).startsWith("duet-loop-").endsWith("|0");
    }

    @Test
    void offALoopAndInATransactionTheTwinsStayOnJdbc() throws Exception {
        Thing[] ann = new Thing[1];
        blockingRoutes = app -> app.get("/blocking", req -> {
            String[] where = new String[1];
            Thing got = req.tasks().await(things.getAsync(ann[0].id()).thenApply(x -> {
                where[0] = Thread.currentThread().getName();
                return x;
            }));
            return Response.text(where[0] + "|" + got.name());
        });
        start(DbConfig.builder().url(POSTGRES), t -> List.of());
        ann[0] = things.create(thing("ann", 1));
        HttpResponse<String> res = get("/blocking");
        assertThat(res.body()).endsWith("|ann").doesNotStartWith("duet-loop-");
        Optional<Thing> inTx = db.transaction(() -> things.findAsync(ann[0].id()).toCompletableFuture().join());
        assertThat(inTx).map(Thing::name).contains("ann");
    }

    @Test
    void closingTheDatabaseLetsVertxThreadsGoAndLeavesTheServersLoopsRunning() throws Exception {
        Set<Thread> earlier = vertxThreads();
        long backendsBefore = loopBackends();
        start(DbConfig.builder().url(POSTGRES), t -> List.of(new Route("/count", id -> t.countAsync())));
        for (int i = 0; i < 4; i++) assertThat(get("/count").body()).startsWith("duet-loop-").endsWith("|0");
        Set<Thread> mine = vertxThreads();
        mine.removeAll(earlier);
        assertThat(mine).isNotEmpty();
        assertThat(loopBackends()).isGreaterThan(backendsBefore);
        assertThat(db.poolStats().onLoops()).as("the loop's pool in the figures").isEqualTo(loopBackends() - backendsBefore);
        db.close();
        awaitEnd(earlier);
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (loopBackends() > backendsBefore && System.nanoTime() < until) Thread.sleep(20);
        assertThat(loopBackends()).as("the loop pool's connections, closed").isEqualTo(backendsBefore);
        // the loops are the server's: still serving
        assertThat(get("/count").statusCode()).isEqualTo(500);
    }

    @Test
    void stoppingTheServerFirstLetsVertxThreadsGoToo() throws Exception {
        Set<Thread> earlier = vertxThreads();
        start(DbConfig.builder().url(POSTGRES), t -> List.of(new Route("/count", id -> t.countAsync())));
        assertThat(get("/count").body()).startsWith("duet-loop-").endsWith("|0");
        Set<Thread> mine = vertxThreads();
        mine.removeAll(earlier);
        assertThat(mine).isNotEmpty();
        app.stop(); // its stop hook closes the database, after the loops
        app = null;
        awaitEnd(earlier);
    }

    /** A plain JDBC connection to the test database, beside the app's pools. */
    private static Connection admin() throws java.sql.SQLException {
        DbUrl url = DbUrl.parse(POSTGRES);
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password() == null ? "" : url.password());
    }

    /** Connections to PostgreSQL from Vert.x's client (its default application_name). */
    private static long loopBackends() throws Exception {
        try (Connection c = admin();
             Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vertx-pg-client'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until every thread of Vert.x's but {@code earlier} (those of other tests) has ended. */
    private static void awaitEnd(Set<Thread> earlier) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<Thread> left;
        do {
            left = vertxThreads();
            left.removeAll(earlier);
            left.removeIf(t -> !t.isAlive());
            if (left.isEmpty()) return;
            Thread.sleep(20);
        } while (System.nanoTime() < until);
        assertThat(left).as("Vert.x's threads still running").isEmpty();
    }

    private static Set<Thread> vertxThreads() {
        Set<Thread> all = Thread.getAllStackTraces().keySet();
        Set<Thread> out = new java.util.HashSet<>();
        for (Thread t : all) if (t.getName().toLowerCase(java.util.Locale.ROOT).contains("vert")) out.add(t);
        return out;
    }

    private static <T> CompletionStage<T> keep(List<CompletableFuture<?>> seen, CompletionStage<T> stage) {
        seen.add(stage.toCompletableFuture());
        return stage;
    }

    private static Throwable failure(CompletableFuture<?> f) {
        return f.handle((v, e) -> e).join();
    }
}
