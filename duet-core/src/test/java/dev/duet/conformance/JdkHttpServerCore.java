package dev.duet.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.duet.App;
import dev.duet.Cookie;
import dev.duet.Headers;
import dev.duet.Response;
import dev.duet.internal.HeaderList;
import dev.duet.spi.EventLoopThread;
import dev.duet.spi.Exchange;
import dev.duet.spi.RawRequest;
import dev.duet.spi.Server;
import dev.duet.spi.ServerCore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reference server core for duet-core's own tests, on the JDK's built-in HTTP server: it lets
 * the conformance suites run over a real socket through {@link HttpHarness} before any product
 * core exists, which keeps the harness itself honest. Requests are dispatched from threads marked
 * {@link EventLoopThread}, like Netty's. Not a product core: it reads bodies and writes responses
 * with blocking I/O, and has no limits of its own.
 */
public final class JdkHttpServerCore implements ServerCore {

    private static final class Loop extends Thread implements EventLoopThread {
        Loop(Runnable r, int n) {
            super(r, "jdk-http-loop-" + n);
            setDaemon(true);
        }
    }

    @Override
    public String name() {
        return "jdk-httpserver";
    }

    @Override
    public Server start(App app) throws IOException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService loops = Executors.newFixedThreadPool(2, r -> new Loop(r, n.incrementAndGet()));
        HttpServer server = HttpServer.create(new InetSocketAddress(app.config().host(), app.config().port()), 64);
        server.setExecutor(loops);
        server.createContext("/", exchange -> handle(app, exchange));
        server.start();
        return new Server() {
            @Override
            public int port() {
                return server.getAddress().getPort();
            }

            @Override
            public void stop(Duration grace) {
                app.awaitIdle(grace);
                server.stop(0);
                loops.shutdownNow();
            }
        };
    }

    private static void handle(App app, HttpExchange http) throws IOException {
        HeaderList headers = new HeaderList();
        http.getRequestHeaders().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
        byte[] body;
        try (InputStream in = http.getRequestBody()) {
            body = in.readAllBytes();
        }
        String uri = http.getRequestURI().getRawPath()
                + (http.getRequestURI().getRawQuery() == null ? "" : "?" + http.getRequestURI().getRawQuery());
        RawRequest raw = new Raw(http.getRequestMethod(), uri, headers, body, http.getRemoteAddress());
        Exchange exchange = app.dispatch(raw);
        exchange.response().whenComplete((res, err) -> {
            try {
                if (err != null) throw new IOException("the app failed to answer", err);
                write(app, http, res);
                exchange.sent();
            } catch (IOException | RuntimeException e) {
                exchange.abort();
                http.close();
            }
        });
    }

    private static void write(App app, HttpExchange http, Response res) throws IOException {
        com.sun.net.httpserver.Headers out = http.getResponseHeaders();
        res.headers().forEach(out::add);
        String contentType = res.contentType();
        if (contentType != null && !out.containsKey("Content-Type")) out.set("Content-Type", contentType);
        for (Cookie c : res.cookies()) out.add("Set-Cookie", c.toHeader());
        out.set("Server", app.config().serverHeader());
        byte[] body = res.isStreamed() ? streamed(res) : res.encodedBody();
        int status = res.status();
        boolean bodiless = status == 204 || status == 304 || status < 200;
        if (http.getRequestMethod().equals("HEAD")) {
            if (!bodiless) out.set("Content-Length", Integer.toString(body.length));
            http.sendResponseHeaders(status, -1);
        } else if (body.length == 0 || bodiless) {
            http.sendResponseHeaders(status, -1);
        } else {
            http.sendResponseHeaders(status, body.length);
            try (OutputStream os = http.getResponseBody()) {
                os.write(body);
            }
        }
        http.close();
    }

    /** Collects a streamed body (this core sends it whole), written on a virtual thread as the contract says. */
    private static byte[] streamed(Response res) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicReference<IOException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                ((Response.StreamBody) res.body()).writeTo(out);
            } catch (IOException e) {
                failure.set(e);
            }
        });
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while streaming", e);
        }
        if (failure.get() != null) throw failure.get();
        return out.toByteArray();
    }

    private record Raw(String method, String uri, Headers headers, byte[] body, InetSocketAddress remoteAddress)
            implements RawRequest {
        @Override
        public boolean secure() {
            return false;
        }
    }
}
