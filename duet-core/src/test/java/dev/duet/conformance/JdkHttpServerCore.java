package dev.duet.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.duet.App;
import dev.duet.Headers;
import dev.duet.Response;
import dev.duet.internal.HeaderList;
import dev.duet.spi.EventLoopThread;
import dev.duet.spi.Exchange;
import dev.duet.spi.OutgoingResponse;
import dev.duet.spi.CoreErrors;
import dev.duet.spi.MultipartForm;
import dev.duet.spi.MultipartParser;
import dev.duet.spi.RawRequest;
import dev.duet.HttpError;
import dev.duet.spi.Server;
import dev.duet.spi.ServerCore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
        byte[] body = new byte[0];
        MultipartForm form = null;
        try (InputStream in = http.getRequestBody()) {
            if (MultipartParser.isMultipart(headers.get("Content-Type"))) {
                // A reference core, so the simplest way: parsed as read, on this thread, to the end.
                long declared = headers.get("Content-Length") == null ? -1 : Long.parseLong(headers.get("Content-Length"));
                if (declared > app.config().maxUploadSize()) throw new HttpError(413, MultipartParser.uploadTooLarge(app.config()));
                form = MultipartParser.parse(app.config(), headers.get("Content-Type"), in);
            } else {
                body = in.readAllBytes();
            }
        } catch (HttpError e) {
            write(app, http, CoreErrors.response(app.config(), e.status(), e.getMessage(), headers.get("Accept")));
            return;
        }
        String uri = http.getRequestURI().getRawPath()
                + (http.getRequestURI().getRawQuery() == null ? "" : "?" + http.getRequestURI().getRawQuery());
        RawRequest raw = new Raw(http.getRequestMethod(), uri, headers, body, http.getRemoteAddress(), form);
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

    /**
     * The JDK server frames bodies itself (from the length given to {@code sendResponseHeaders})
     * and sets its own Date: those headers are left to it.
     */
    private static final OutgoingResponse.HeaderSink<com.sun.net.httpserver.Headers> HEADERS =
            new OutgoingResponse.HeaderSink<>() {
                @Override
                public void add(com.sun.net.httpserver.Headers target, String name, String value) {
                    target.add(name, value);
                }

                @Override
                public void chunked(com.sun.net.httpserver.Headers target) {
                }
            };

    private static void write(App app, HttpExchange http, Response res) throws IOException {
        OutgoingResponse out = OutgoingResponse.of(res, http.getRequestMethod().equals("HEAD"), app.config());
        out.writeHeaders(http.getResponseHeaders(), HEADERS, false);
        if (!out.hasBody()) {
            http.sendResponseHeaders(out.status(), -1);
        } else if (out.streamsBody()) {
            long length = out.contentLength(); // a sized stream's, or -1
            http.sendResponseHeaders(out.status(), length < 0 ? 0 : length == 0 ? -1 : length); // 0: chunked
            try (OutputStream os = http.getResponseBody()) {
                streamed(out.stream(), os);
            }
        } else {
            byte[] body = out.body();
            http.sendResponseHeaders(out.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream os = http.getResponseBody()) {
                os.write(body);
            }
        }
        http.close();
    }

    /** Writes a streamed body on a virtual thread, as the contract says, and waits for it. */
    private static void streamed(Response.StreamBody body, OutputStream os) throws IOException {
        AtomicReference<IOException> failure = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                body.writeTo(os);
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
    }

    private record Raw(String method, String uri, Headers headers, byte[] body, InetSocketAddress remoteAddress,
                       MultipartForm multipart) implements RawRequest {
        @Override
        public boolean secure() {
            return false;
        }
    }
}
