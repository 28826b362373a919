package dev.duet.bench;

import dev.duet.App;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.View;
import dev.duet.db.Column;
import dev.duet.db.Database;
import dev.duet.db.DbConfig;
import dev.duet.db.Id;
import dev.duet.db.TableName;
import dev.duet.db.Table;
import dev.duet.db.Text;
import dev.duet.template.Template;
import dev.duet.template.jte.JteTemplates;
import dev.duet.template.pebble.PebbleTemplates;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The TechEmpower test types on Duet, three ways:
 *
 * <ul>
 *   <li>{@code /plaintext /json /db /queries /fortunes /updates}: blocking handlers (plain code on
 *       virtual threads) and the ORM's blocking API;</li>
 *   <li>{@code /async/...}: async handlers ({@code getAsync}) and the ORM's async twins, several
 *       independent ones started together (with {@code duet-db-loop}, which this app has, they run
 *       on the event loop);</li>
 *   <li>{@code /jdbc/...}: blocking handlers with raw JDBC on the ORM's own pool, the yardstick for
 *       "the ORM within 10 % of raw JDBC in the same app".</li>
 * </ul>
 *
 * Plus {@code /slow?ms=} (a blocking sleep) and {@code /slow-async?ms=} (a timer), and one
 * experiment, {@code /vxpg/...} ({@link VertxPgRoutes}): PostgreSQL through Vert.x's client run on
 * Duet's own event loop, without the ORM, to measure what a loop-owned client would gain.
 * Rules followed (TechEmpower's verifier): Server and Date headers (Duet's core adds both), exact
 * content types, {@code queries} clamped to 1..500 with bad values as 1, one statement per World
 * row read and one {@code UPDATE} per row changed (sent as one batch, as the JDBC peers do), nothing
 * cached, the extra fortune added per request and sorted in code, HTML escaped.
 *
 * <p>The fortunes page is rendered from a template, as TechEmpower's rules ask: by Pebble, the app's
 * engine, through a {@link View} ({@code templates/fortunes.html}) on {@code /fortunes},
 * {@code /async/fortunes} and {@code /jdbc/fortunes}; by jte, precompiled at build time
 * ({@code src/main/jte/templates/fortunes.jte}), on {@code /jte/fortunes} and
 * {@code /async/jte/fortunes}. An app has one engine, so the jte routes render their template
 * themselves into the response's bytes, as Duet's own rendering does for a View (a buffer, then
 * its bytes as the body); their data access is the ORM's, as on {@code /fortunes}.
 *
 * <p>The ORM's handlers run with its defaults: a request's statements share one pooled connection
 * ({@code DATABASE_CONNECTION_PER_REQUEST=false} to compare with a connection per statement).
 */
public final class BenchApp {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final String TEXT = "text/plain";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String EXTRA_FORTUNE = "Additional fortune added at request time.";
    private static final Comparator<Fortune> BY_MESSAGE = Comparator.comparing(Fortune::message);

    private static final String SELECT_WORLD = "SELECT id, randomnumber FROM world WHERE id = ?";
    private static final String SELECT_FORTUNES = "SELECT id, message FROM fortune";
    private static final String UPDATE_WORLD = "UPDATE world SET randomnumber = ? WHERE id = ?";

    public record Message(String message) {
    }

    @TableName("world")
    public record World(@Id int id, @Column(name = "randomnumber") int randomNumber) {
    }

    @TableName("fortune")
    public record Fortune(@Id int id, @Text String message) {
    }

    private final Database db;
    private final DataSource ds;
    private final Table<World> worlds;
    private final Table<Fortune> fortunes;
    private final Template jteFortunes;

    BenchApp(Database db, Template jteFortunes) {
        this.db = db;
        this.ds = db.dataSource();
        this.worlds = db.table(World.class);
        this.fortunes = db.table(Fortune.class);
        this.jteFortunes = jteFortunes;
    }

    public static void main(String[] args) {
        String url = env("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench");
        int pool = Integer.parseInt(env("BENCH_POOL", "16"));
        // DATABASE_URL and DATABASE_CONNECTION_PER_REQUEST as any app reads them; BENCH_POOL sizes the pool.
        Database db = Database.connect(DbConfig.fromEnvironment(url).toBuilder().poolSize(pool).build());
        App app = App.create();
        app.templates(PebbleTemplates.create(app.config()));
        // Looked up once: a missing template fails the start, not the first request.
        Template jte = JteTemplates.precompiled().resolve("fortunes.jte");
        BenchApp bench = new BenchApp(db, jte);
        bench.register(app);
        new VertxPgRoutes(url, pool, bench::jtePage).register(app);
        app.onStop(db::close);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    void register(App app) {
        // ---- blocking handlers, the ORM's blocking API ----
        app.get("/plaintext", req -> Response.bytes(HELLO, TEXT));
        app.get("/json", req -> Response.json(new Message("Hello, World!")));
        app.get("/db", req -> Response.json(worlds.get(randomId())));
        app.get("/queries", req -> {
            World[] out = new World[queries(req)];
            for (int i = 0; i < out.length; i++) out[i] = worlds.get(randomId());
            return Response.json(out);
        });
        app.get("/fortunes", req -> {
            List<Fortune> list = new ArrayList<>(fortunes.all());
            return fortunesView(list);
        });
        app.get("/jte/fortunes", req -> jtePage(new ArrayList<>(fortunes.all())));
        app.get("/updates", req -> {
            World[] out = new World[queries(req)];
            for (int i = 0; i < out.length; i++) {
                World w = worlds.get(randomId());
                out[i] = new World(w.id(), otherRandom(w.randomNumber()));
            }
            worlds.updateAll(inIdOrder(out));
            return Response.json(out);
        });
        app.get("/slow", req -> {
            Thread.sleep(clampMs(req));
            return Response.bytes(HELLO, TEXT);
        });

        // ---- async handlers, the ORM's async twins ----
        app.getAsync("/async/plaintext", req -> CompletableFuture.completedFuture(Response.bytes(HELLO, TEXT)));
        app.getAsync("/async/json", req -> CompletableFuture.completedFuture(Response.json(new Message("Hello, World!"))));
        app.getAsync("/async/db", req -> worlds.getAsync(randomId()).thenApply(Response::json));
        // Independent reads from async code: twins started together. With duet-db-loop (on this
        // app's class path) they run on the loop, spread over its own pool.
        app.getAsync("/async/queries", req -> {
            int n = queries(req);
            return readAll(n).thenApply(Response::json);
        });
        app.getAsync("/async/fortunes", req -> fortunes.allAsync().thenApply(list -> fortunesView(new ArrayList<>(list))));
        app.getAsync("/async/jte/fortunes", req -> fortunes.allAsync().thenApply(list -> jtePage(new ArrayList<>(list))));
        app.getAsync("/async/updates", req -> {
            int n = queries(req);
            return readAll(n).thenCompose(read -> {
                World[] out = new World[n];
                for (int i = 0; i < n; i++) out[i] = new World(read[i].id(), otherRandom(read[i].randomNumber()));
                return worlds.updateAllAsync(inIdOrder(out)).thenApply(written -> Response.json(out));
            });
        });
        app.getAsync("/slow-async", req -> req.tasks().delay(Duration.ofMillis(clampMs(req)))
                .thenApply(x -> Response.bytes(HELLO, TEXT)));

        // ---- experiments (not in the tables) ----
        // The same two as one db.async body each (one virtual thread, one JDBC connection): the
        // idiom for several statements in a row from async code, and these routes' code before the
        // twins could run on the loop.
        app.getAsync("/x/async/queries-body", req -> {
            int n = queries(req);
            return db.async(() -> {
                World[] out = new World[n];
                for (int i = 0; i < n; i++) out[i] = worlds.get(randomId());
                return Response.json(out);
            });
        });
        app.getAsync("/x/async/updates-body", req -> {
            int n = queries(req);
            return db.async(() -> {
                World[] out = new World[n];
                for (int i = 0; i < n; i++) {
                    World w = worlds.get(randomId());
                    out[i] = new World(w.id(), otherRandom(w.randomNumber()));
                }
                worlds.updateAll(inIdOrder(out));
                return Response.json(out);
            });
        });
        // The 20 reads in a transaction: before the ORM shared a connection per request, this was
        // how to make them borrow once (notes.md, finding 4); now it only adds BEGIN/COMMIT.
        app.get("/x/queries-in-transaction", req -> {
            int n = queries(req);
            World[] out = db.transaction(() -> {
                World[] w = new World[n];
                for (int i = 0; i < n; i++) w[i] = worlds.get(randomId());
                return w;
            });
            return Response.json(out);
        });

        // ---- blocking handlers, raw JDBC on the same pool (the ORM's yardstick) ----
        app.get("/jdbc/db", req -> {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT_WORLD)) {
                return Response.json(readWorld(ps, randomId()));
            }
        });
        app.get("/jdbc/queries", req -> {
            World[] out = new World[queries(req)];
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT_WORLD)) {
                for (int i = 0; i < out.length; i++) out[i] = readWorld(ps, randomId());
            }
            return Response.json(out);
        });
        app.get("/jdbc/fortunes", req -> {
            List<Fortune> list = new ArrayList<>(16);
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT_FORTUNES);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) list.add(new Fortune(rs.getInt(1), rs.getString(2)));
            }
            return fortunesView(list);
        });
        app.get("/jdbc/updates", req -> {
            World[] out = new World[queries(req)];
            try (Connection c = ds.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement(SELECT_WORLD)) {
                    for (int i = 0; i < out.length; i++) {
                        World w = readWorld(ps, randomId());
                        out[i] = new World(w.id(), otherRandom(w.randomNumber()));
                    }
                }
                // One UPDATE per row, sent as one JDBC batch in autocommit (as the JDBC peers do; the ORM's updateAll sends one statement on PostgreSQL).
                try (PreparedStatement ps = c.prepareStatement(UPDATE_WORLD)) {
                    for (World w : inIdOrder(out)) {
                        ps.setInt(1, w.randomNumber());
                        ps.setInt(2, w.id());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return Response.json(out);
        });
    }

    private static World readWorld(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new World(rs.getInt(1), rs.getInt(2));
        }
    }

    /** The rows sorted by id: concurrent requests then lock rows in one order and never deadlock on each other. */
    private static List<World> inIdOrder(World[] rows) {
        World[] sorted = rows.clone();
        Arrays.sort(sorted, Comparator.comparingInt(World::id));
        return Arrays.asList(sorted);
    }

    static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, 10_001);
    }

    static int otherRandom(int old) {
        int r;
        do {
            r = ThreadLocalRandom.current().nextInt(1, 10_001);
        } while (r == old);
        return r;
    }

    /** {@code n} random worlds, read by as many twins started together. */
    private CompletableFuture<World[]> readAll(int n) {
        @SuppressWarnings("unchecked")
        CompletableFuture<World>[] reads = new CompletableFuture[n];
        for (int i = 0; i < n; i++) reads[i] = worlds.getAsync(randomId()).toCompletableFuture();
        return CompletableFuture.allOf(reads).thenApply(done -> {
            World[] out = new World[n];
            for (int i = 0; i < n; i++) out[i] = reads[i].join();
            return out;
        });
    }

    /** TechEmpower's rule: 1..500; missing or not a number is 1. */
    static int queries(Request req) {
        String v = req.query("queries");
        if (v == null) return 1;
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
        return Math.max(1, Math.min(500, n));
    }

    static long clampMs(Request req) {
        String v = req.query("ms");
        if (v == null) return 100;
        try {
            return Math.max(0, Math.min(10_000, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** The rows plus the one added at request time, sorted by message (TechEmpower's rules). */
    static List<Fortune> withExtra(List<Fortune> list) {
        list.add(new Fortune(0, EXTRA_FORTUNE));
        list.sort(BY_MESSAGE);
        return list;
    }

    /** The page by the app's engine (Pebble): Duet renders the View on this thread, escaping on. */
    static View fortunesView(List<Fortune> list) {
        return View.of("fortunes.html", Map.of("fortunes", withExtra(list)));
    }

    /** The page by jte, rendered here as Duet renders a View: into a buffer whose bytes are the body. */
    Response jtePage(List<Fortune> list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try {
            jteFortunes.render(Map.of("fortunes", withExtra(list)), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail; the signature says it may
        }
        return Response.bytes(out.toByteArray(), HTML);
    }
}
