package dev.duet.conformance;

import dev.duet.App;
import dev.duet.spi.ServerCore;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the app on a real {@link ServerCore} bound to an ephemeral port of 127.0.0.1, and talks to
 * it over HTTP/1.1 with {@link HttpClient} (no cookie handler, redirects not followed).
 *
 * <pre>{@code
 * Harness jetty = new HttpHarness(new JettyCore(), Harness.Threading.CONTAINER)
 *         .lacking(Capability.READ_TIMEOUT, "not mapped: Jetty has no whole-request deadline");
 * }</pre>
 *
 * The JDK client refuses to set a few headers itself (Host, Connection, Content-Length, Expect,
 * Upgrade); the suites never send those.
 */
public class HttpHarness implements Harness {
    /** How long one request may take before the test fails (any test needing more is wrong). */
    static final Duration REQUEST_LIMIT = Duration.ofSeconds(20);

    private final ServerCore core;
    private final Threading threading;
    private final Map<Capability, String> lacking;

    /** A harness for an event-loop core (the usual case: Netty). */
    public HttpHarness(ServerCore core) {
        this(core, Threading.EVENT_LOOP);
    }

    public HttpHarness(ServerCore core, Threading threading) {
        this(core, threading, new EnumMap<>(Capability.class));
    }

    private HttpHarness(ServerCore core, Threading threading, Map<Capability, String> lacking) {
        this.core = core;
        this.threading = threading;
        this.lacking = lacking;
    }

    /**
     * This harness, its core declared to lack {@code capability} for the reason {@code why} (as
     * docs/deployment.md lists it): the suites skip what needs it, saying so.
     */
    public HttpHarness lacking(Capability capability, String why) {
        Map<Capability, String> more = new EnumMap<>(Capability.class);
        more.putAll(lacking);
        more.put(capability, Objects.requireNonNull(why, "why"));
        return new HttpHarness(core, threading, more);
    }

    @Override
    public String lacks(Capability capability) {
        return lacking.get(capability);
    }

    @Override
    public String name() {
        return core.name();
    }

    @Override
    public boolean overHttp() {
        return true;
    }

    @Override
    public Threading threading() {
        return threading;
    }

    @Override
    public Client start(App app) {
        if (app.config().port() != 0) {
            throw new IllegalArgumentException("the HTTP harness binds an ephemeral port: configure the app with port(0)"
                    + " (ConformanceSuite.config() does)");
        }
        app.start(core);
        return new HttpClientImpl(app);
    }

    private static final class HttpClientImpl implements Client {
        private final App app;
        private final HttpClient http;
        private final String base;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final java.util.List<RawWebSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        HttpClientImpl(App app) {
            this.app = app;
            this.base = "http://127.0.0.1:" + app.port();
            this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        }

        @Override
        public ClientResponse send(ClientRequest request) {
            return await(sendAsync(request), request);
        }

        @Override
        public CompletableFuture<ClientResponse> sendAsync(ClientRequest request) {
            URI uri;
            try {
                uri = new URI(base + request.uri());
            } catch (URISyntaxException e) {
                // The JDK client cannot even express this target (e.g. a malformed %-escape), but a
                // server must still answer it: send it over a plain socket.
                return CompletableFuture.supplyAsync(() -> RawHttp.send(app.port(), request),
                        r -> Thread.ofVirtual().start(r));
            }
            byte[] body = request.body();
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(REQUEST_LIMIT)
                    .method(request.method(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, String> h : request.headers()) b.header(h.getKey(), h.getValue());
            return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(r -> new ClientResponse(r.statusCode(), r.headers().map(),
                            r.body() == null ? new byte[0] : r.body()));
        }

        @Override
        public WsClient websocket(String path, Map<String, String> headers) {
            try {
                RawWebSocket ws = new RawWebSocket(app.port(), path, headers);
                sockets.add(ws);
                return ws;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("WebSocket handshake to " + path + " failed", e);
            }
        }

        @Override
        public App app() {
            return app;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) return;
            try {
                sockets.forEach(RawWebSocket::close);
                http.shutdownNow();
            } finally {
                app.stop();
            }
        }
    }

    /** Waits for {@code response}, failing the test after {@link #REQUEST_LIMIT}. */
    static ClientResponse await(CompletableFuture<ClientResponse> response, ClientRequest request) {
        try {
            return response.get(REQUEST_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + request, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("no response to " + request + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no response to " + request + " within " + REQUEST_LIMIT);
        }
    }
}
