package dev.duet.cli.internal.create;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The app {@code ./duet aot} trains in {@link RootLauncherAotTest}: an HTTP server on the JDK's own,
 * packed alone into a jar (an AOT cache holds classes from jars only, not from folders), on the
 * port in {@code PORT}. Every path answers 200 but {@code /missing}, 404.
 */
public final class AotTrainee {
    private AotTrainee() {
    }

    /** Serves until the JVM is stopped. */
    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = ("answered " + path).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(path.equals("/missing") ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }
}
