package dev.duet.db;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Task;
import dev.duet.db.model.User;
import dev.duet.test.TestClient;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Where statements get their connection: one per request, per async body, per transaction; a broken one dropped. */
abstract class ConnectionsSuite extends OrmSuite {
    protected ConnectionsSuite(TestDatabases.Kind kind) {
        super(kind);
    }

    @Test
    void aBlockingHandlersStatementsShareOneConnection() {
        List<User> made = new ArrayList<>();
        for (int i = 0; i < 20; i++) made.add(User.of("u" + i, "u" + i + "@example.com"));
        List<Long> ids = users.createAll(made).stream().map(User::id).toList();
        withApp(app -> app.get("/twenty", req -> {
            long sum = 0;
            for (long id : ids) sum += users.get(id).id();
            try {
                users.create(User.of("dup", "u0@example.com"));
            } catch (UniqueViolation expected) {
                // a failed statement keeps the connection: it is not broken
            }
            return sum + users.count();
        }), client -> {
            for (int round = 0; round < 3; round++) {
                counter.reset();
                ok(client.get("/twenty"));
                assertThat(counter.count()).isEqualTo(22);
                assertThat(counter.borrows()).as("one connection for the request's 22 statements").isEqualTo(1);
            }
        });
    }

    @Test
    void aRequestPreparesEachOfItsRepeatedStatementsOnceAndClosesThemBeforeTheConnectionGoesBack() {
        List<User> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) made.add(User.of("u" + i, "u" + i + "@example.com"));
        List<User> stored = users.createAll(made);
        withApp(app -> app.get("/reads", req -> {
            long sum = 0;
            for (int i = 0; i < 20; i++) sum += users.get(stored.get(i % stored.size()).id()).id();
            User first = stored.getFirst();
            users.save(new User(first.id(), "renamed", first.email()));
            users.save(new User(first.id(), "renamed again", first.email()));
            return sum + users.count();
        }), client -> {
            for (int round = 0; round < 2; round++) {
                counter.reset();
                ok(client.get("/reads"));
                awaitNoConnectionInUse();
                assertThat(counter.count()).as("20 reads, 2 updates, 1 count").isEqualTo(23);
                assertThat(counter.prepared.get()).as("the read by id, the update and the count, each prepared once")
                        .isEqualTo(3);
                assertThat(counter.closed.get()).as("each closed before its connection went back to the pool").isEqualTo(3);
            }
        });
    }

    /** Waits (up to 10 s) until the request's connection is back in the pool: its thread leaves the request after answering. */
    private void awaitNoConnectionInUse() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.poolStats().active() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(db.poolStats().active()).as("connections in use").isZero();
    }

    @Test
    void withConnectionPerRequestOffEveryStatementBorrows() {
        CountingDataSource own = new CountingDataSource();
        try (Database perStatement = Database.connect(DbConfig.builder().url(iso.url()).decorator(own::wrap)
                .connectionPerRequest(false).build())) {
            Table<User> t = perStatement.table(User.class);
            long id = t.create(User.of("Ann", "ann@example.com")).id();
            withApp(app -> app.get("/twenty", req -> {
                for (int i = 0; i < 20; i++) t.get(id);
                return "ok";
            }), client -> {
                own.reset();
                ok(client.get("/twenty"));
                assertThat(own.borrows()).as("a connection per statement, as before").isEqualTo(20);
                own.reset();
                assertThat(perStatement.async(() -> t.count() + t.count()).toCompletableFuture().join()).isEqualTo(2);
                assertThat(own.borrows()).isEqualTo(2);
            });
        }
    }

    @Test
    void parallelAsyncTwinsStartedFromAHandlerStillRunSideBySide() {
        User ann = users.create(User.of("Ann", "ann@example.com"));
        withApp(app -> app.get("/pair", req -> {
            users.get(ann.id());                        // the request's connection is borrowed now
            counter.holdUntilTogether("COUNT(", 2);    // each count waits until both are running
            try {
                var a = users.countAsync();
                var b = users.countAsync();
                return req.tasks().await(a) + req.tasks().await(b);
            } finally {
                counter.release();
            }
        }), client -> {
            counter.reset();
            assertThat(ok(client.get("/pair")).text()).isEqualTo("2");
            assertThat(counter.borrows()).as("the request's, and one for the twin that found it busy").isEqualTo(2);
        });
    }

    @Test
    void aTransactionInsideARequestRunsOnTheRequestsConnection() {
        withApp(app -> app.get("/tx", req -> {
            users.create(User.of("Ann", "ann@example.com"));
            db.transaction(() -> users.create(User.of("Bob", "bob@example.com")));
            try {
                db.transaction(() -> {
                    users.create(User.of("Cy", "cy@example.com"));
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            users.create(User.of("Dee", "dee@example.com"));   // autocommit again, on the same connection
            return users.count();
        }), client -> {
            counter.reset();
            assertThat(ok(client.get("/tx")).text()).isEqualTo("3");
            assertThat(counter.borrows()).as("no second connection for the transactions").isEqualTo(1);
        });
        assertThat(users.orderBy("name").<String>pluck("name")).as("committed, seen from another connection")
                .containsExactly("Ann", "Bob", "Dee");
    }

    @Test
    void anAsyncBodysStatementsShareOneConnection() throws Exception {
        counter.reset();
        long n = db.async(() -> {
            users.create(User.of("Ann", "ann@example.com"));
            users.count();
            return db.transaction(() -> users.count());
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(n).isEqualTo(1);
        assertThat(counter.borrows()).isEqualTo(1);

        withApp(app -> app.getAsync("/body", req -> db.async(() -> users.count() + users.count() + users.count())), client -> {
            counter.reset();
            assertThat(ok(client.get("/body")).text()).isEqualTo("3");
            assertThat(counter.borrows()).as("an async handler's body: a connection of its own, once").isEqualTo(1);
        });
    }

    @Test
    void aPoolOfOneServesARequestThatAlsoRunsWorkOnOtherThreads() {
        // The request holds the pool's only connection; work on its other threads must use it in
        // turn (waiting for it when the pool has none to give) rather than wait for the pool in vain.
        CountingDataSource slow = new CountingDataSource();
        try (Database one = Database.connect(DbConfig.builder().url(iso.url()).poolSize(1).decorator(slow::wrap)
                .connectionTimeout(Duration.ofSeconds(2)).build())) {
            Table<User> t = one.table(User.class);
            withApp(app -> app.get("/crowd", req -> {
                t.count();
                List<Long> tasks = req.tasks().parallel(List.of(Task.blocking(t::count), Task.blocking(t::count)));
                var twin = t.countAsync();
                var body = one.async(() -> t.count() + t.count());
                long twins = req.tasks().await(twin) + req.tasks().await(body);
                long inTx = one.transaction(() -> t.count());
                return tasks.size() + twins + inTx;
            }), client -> {
                slow.slowDown("COUNT(", Duration.ofMillis(100));   // so that they do meet
                try {
                    long start = System.nanoTime();
                    for (int i = 0; i < 2; i++) assertThat(ok(client.get("/crowd")).text()).isEqualTo("2");
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("nothing waited out the connection timeout")
                            .isLessThan(Duration.ofSeconds(2));
                } finally {
                    slow.release();
                }
            });
            assertThat(t.count()).as("the connection went back to the pool").isZero();
        }
    }

    @Test
    void aConnectionThatBreaksIsDroppedAndTheNextStatementBorrowsAfresh() {
        assumeFalse(dialect().equals("sqlite"), "SQLite has no connection to lose");
        String killOwnConnection = dialect().equals("postgresql")
                ? "SELECT pg_terminate_backend(pg_backend_pid())" : "KILL CONNECTION_ID()";
        withApp(app -> app.get("/break", req -> {
            users.count();
            try {
                db.queryMaps(killOwnConnection);
                return "the connection survived";
            } catch (ConnectionFailure expected) {
                return users.count();       // on a connection borrowed afresh
            }
        }), client -> {
            counter.reset();
            assertThat(ok(client.get("/break")).text()).isEqualTo("0");
            assertThat(counter.borrows()).isEqualTo(2);
        });
    }

    /** Serves {@code routes} through the in-process test client for {@code use}, then stops the app. */
    private static void withApp(Consumer<App> routes, Consumer<TestClient> use) {
        App app = App.create(Config.defaults());
        routes.accept(app);
        try (TestClient client = TestClient.of(app)) {
            use.accept(client);
        } finally {
            app.stop();
        }
    }

    private static TestResponse ok(TestResponse res) {
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        return res;
    }
}
