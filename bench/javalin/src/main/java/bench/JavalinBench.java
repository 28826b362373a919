package bench;

import bench.common.Jdbc;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * Javalin 6 on its embedded Jetty with {@code useVirtualThreads} on (each request on a virtual
 * thread); JDBC + HikariCP (bench/common); JSON with Jackson; /slow sleeps.
 */
public final class JavalinBench {
    public static void main(String[] args) {
        Jdbc db = new Jdbc();
        int port = Integer.parseInt(Jdbc.env("PORT", "8080"));
        Javalin.create(config -> {
                    config.useVirtualThreads = true;
                    config.showJavalinBanner = false;
                    config.http.generateEtags = false;
                })
                .get("/plaintext", ctx -> send(ctx, "text/plain", Jdbc.HELLO))
                .get("/json", ctx -> send(ctx, "application/json", Jdbc.json(new Jdbc.Message("Hello, World!"))))
                .get("/db", ctx -> send(ctx, "application/json", Jdbc.json(db.db())))
                .get("/queries", ctx -> send(ctx, "application/json", Jdbc.json(db.queries(Jdbc.queries(ctx.queryParam("queries"))))))
                .get("/fortunes", ctx -> send(ctx, "text/html; charset=utf-8", db.fortunesPage()))
                .get("/updates", ctx -> send(ctx, "application/json", Jdbc.json(db.updates(Jdbc.queries(ctx.queryParam("queries"))))))
                .get("/slow", ctx -> {
                    Thread.sleep(Jdbc.slowMs(ctx.queryParam("ms")));
                    send(ctx, "text/plain", Jdbc.HELLO);
                })
                .start(port);
    }

    static void send(Context ctx, String type, byte[] body) {
        ctx.header("Server", "Javalin");
        ctx.contentType(type);
        ctx.result(body);
    }
}
