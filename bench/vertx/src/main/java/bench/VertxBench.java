package bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Vert.x-web 5: a Router on one event loop per core, the Reactive PostgreSQL client (Vert.x's own,
 * non-blocking; not JDBC), JSON with Vert.x's JsonObject, /slow on a timer.
 */
public final class VertxBench extends VerticleBase {
    static final Buffer HELLO = Buffer.buffer("Hello, World!");
    static final CharSequence SERVER = HttpHeaders.createOptimized("Vert.x");
    static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain");
    static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");
    static final String EXTRA = "Additional fortune added at request time.";

    private CharSequence date;
    private Pool pool;

    public static void main(String[] args) {
        int n = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(n).setPreferNativeTransport(true));
        vertx.deployVerticle(VertxBench::new, new DeploymentOptions().setInstances(n))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public Future<?> start() {
        updateDate();
        vertx.setPeriodic(1000, id -> updateDate());
        String host = "127.0.0.1";
        pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(Integer.parseInt(env("BENCH_POOL", "16"))))
                .connectingTo(new PgConnectOptions().setHost(host).setPort(5432).setDatabase(env("BENCH_DB", "bench"))
                        .setUser(env("BENCH_DB_USER", "postgres")).setCachePreparedStatements(true))
                .using(vertx)
                .build();
        Router r = Router.router(vertx);
        r.get("/plaintext").handler(ctx -> headers(ctx, TEXT).end(HELLO));
        r.get("/json").handler(ctx -> headers(ctx, JSON).end(new JsonObject().put("message", "Hello, World!").toBuffer()));
        r.get("/db").handler(this::db);
        r.get("/queries").handler(this::queries);
        r.get("/fortunes").handler(this::fortunes);
        r.get("/updates").handler(this::updates);
        r.get("/slow").handler(ctx -> {
            long ms = clamp(ctx.request().getParam("ms"));
            if (ms == 0) headers(ctx, TEXT).end(HELLO);
            else vertx.setTimer(ms, id -> headers(ctx, TEXT).end(HELLO));
        });
        int port = Integer.parseInt(env("PORT", "8080"));
        return vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .requestHandler(r).listen(port);
    }

    private void updateDate() {
        date = HttpHeaders.createOptimized(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    private HttpServerResponse headers(RoutingContext ctx, CharSequence type) {
        HttpServerResponse res = ctx.response();
        MultiMap h = res.headers();
        h.add(HttpHeaders.CONTENT_TYPE, type);
        h.add(HttpHeaders.SERVER, SERVER);
        h.add(HttpHeaders.DATE, date);
        return res;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, 10_001);
    }

    static int queries(String v) {
        if (v == null) return 1;
        try {
            return Math.max(1, Math.min(500, Integer.parseInt(v.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static long clamp(String v) {
        try {
            return v == null ? 100 : Math.max(0, Math.min(10_000, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private void fail(RoutingContext ctx, Throwable e) {
        e.printStackTrace();
        ctx.response().setStatusCode(500).end();
    }

    private Future<JsonObject> world(int id) {
        return pool.preparedQuery("SELECT id, randomnumber FROM world WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new JsonObject().put("id", row.getInteger(0)).put("randomNumber", row.getInteger(1));
                });
    }

    private void db(RoutingContext ctx) {
        world(randomId()).onSuccess(w -> headers(ctx, JSON).end(w.toBuffer())).onFailure(e -> fail(ctx, e));
    }

    private Future<List<JsonObject>> worlds(int n) {
        List<Future<JsonObject>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) all.add(world(randomId()));
        return Future.all(all).map(cf -> {
            List<JsonObject> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(cf.resultAt(i));
            return out;
        });
    }

    private void queries(RoutingContext ctx) {
        worlds(queries(ctx.request().getParam("queries")))
                .onSuccess(list -> headers(ctx, JSON).end(new JsonArray(new ArrayList<>(list)).toBuffer()))
                .onFailure(e -> fail(ctx, e));
    }

    private void updates(RoutingContext ctx) {
        worlds(queries(ctx.request().getParam("queries"))).compose(list -> {
            List<Tuple> batch = new ArrayList<>(list.size());
            for (JsonObject w : list) {
                int old = w.getInteger("randomNumber"), r;
                do r = randomId(); while (r == old);
                w.put("randomNumber", r);
            }
            List<JsonObject> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingInt(w -> w.getInteger("id")));
            for (JsonObject w : sorted) batch.add(Tuple.of(w.getInteger("randomNumber"), w.getInteger("id")));
            return pool.preparedQuery("UPDATE world SET randomnumber = $1 WHERE id = $2").executeBatch(batch).map(x -> list);
        }).onSuccess(list -> headers(ctx, JSON).end(new JsonArray(new ArrayList<>(list)).toBuffer()))
                .onFailure(e -> fail(ctx, e));
    }

    record Fortune(int id, String message) {
    }

    private void fortunes(RoutingContext ctx) {
        pool.preparedQuery("SELECT id, message FROM fortune").execute().onSuccess(rows -> {
            List<Fortune> list = new ArrayList<>(16);
            for (Row row : rows) list.add(new Fortune(row.getInteger(0), row.getString(1)));
            list.add(new Fortune(0, EXTRA));
            list.sort(Comparator.comparing(Fortune::message));
            StringBuilder sb = new StringBuilder(1200);
            sb.append("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>");
            for (Fortune f : list) {
                sb.append("<tr><td>").append(f.id()).append("</td><td>");
                escape(sb, f.message());
                sb.append("</td></tr>");
            }
            sb.append("</table></body></html>");
            headers(ctx, HTML).end(Buffer.buffer(sb.toString()));
        }).onFailure(e -> fail(ctx, e));
    }

    static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
    }
}
