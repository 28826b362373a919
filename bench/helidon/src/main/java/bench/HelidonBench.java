package bench;

import bench.common.Jdbc;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Helidon SE 4: its WebServer (Níma) runs each request on a virtual thread, so handlers are plain
 * blocking code; JDBC + HikariCP (bench/common); JSON with Jackson; /slow sleeps.
 */
public final class HelidonBench {
    static final Header SERVER = HeaderValues.createCached(HeaderNames.SERVER, "Helidon");
    static final Header TEXT = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "text/plain");
    static final Header JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "application/json");
    static final Header HTML = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");

    public static void main(String[] args) {
        Jdbc db = new Jdbc();
        int port = Integer.parseInt(Jdbc.env("PORT", "8080"));
        WebServer.builder()
                .port(port)
                .routing(r -> r
                        .get("/plaintext", (req, res) -> send(res, TEXT, Jdbc.HELLO))
                        .get("/json", (req, res) -> send(res, JSON, Jdbc.json(new Jdbc.Message("Hello, World!"))))
                        .get("/db", (req, res) -> send(res, JSON, Jdbc.json(db.db())))
                        .get("/queries", (req, res) -> send(res, JSON, Jdbc.json(db.queries(Jdbc.queries(param(req, "queries"))))))
                        .get("/fortunes", (req, res) -> send(res, HTML, db.fortunesPage()))
                        .get("/updates", (req, res) -> send(res, JSON, Jdbc.json(db.updates(Jdbc.queries(param(req, "queries"))))))
                        .get("/slow", (req, res) -> {
                            Thread.sleep(Jdbc.slowMs(param(req, "ms")));
                            send(res, TEXT, Jdbc.HELLO);
                        }))
                .build()
                .start();
    }

    static String param(ServerRequest req, String name) {
        return req.query().first(name).orElse(null);
    }

    static void send(ServerResponse res, Header type, byte[] body) {
        res.header(type);
        res.header(SERVER);
        res.send(body);
    }
}
