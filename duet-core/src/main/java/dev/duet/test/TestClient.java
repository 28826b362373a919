package dev.duet.test;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Cookie;
import dev.duet.Headers;
import dev.duet.Response;
import dev.duet.internal.HeaderList;
import dev.duet.HttpError;
import dev.duet.spi.CoreErrors;
import dev.duet.spi.EventLoopThread;
import dev.duet.spi.MultipartForm;
import dev.duet.spi.MultipartParser;
import dev.duet.spi.Exchange;
import dev.duet.spi.OutgoingResponse;
import dev.duet.spi.RawRequest;
import dev.duet.spi.WebSocketAccept;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Drives an {@link App} in-process, without a socket, through the same pipeline a server core
 * uses: requests are dispatched from an event-loop thread of its own, so blocking links hop to
 * virtual threads exactly as on Netty. Each response is finished as a core finishes it
 * ({@link dev.duet.spi.OutgoingResponse}), so a test sees the status, headers ({@code Date},
 * {@code Server}, {@code Content-Length} ...) and body a client would. Cookies the app sets are
 * kept and sent back, as a browser on the app's own pages sends them: with
 * {@code Sec-Fetch-Site: same-origin} (unless the request names its own {@code Sec-Fetch-Site} or
 * {@code Origin}), so that the CSRF check lets its unsafe requests through. A request that sets
 * its own {@code Cookie} header is sent as written.
 *
 * <pre>{@code
 * try (TestClient client = TestClient.of(app)) {
 *     TestResponse res = client.get("/user/1");
 *     assertThat(res.status()).isEqualTo(200);
 *     assertThat(res.json(Map.class)).containsEntry("name", "Ada");
 *     CompletableFuture<TestResponse> later = client.sendAsync(TestRequest.post("/echo").json(Map.of("a", 1)));
 * }
 * }</pre>
 */
public final class TestClient implements AutoCloseable {
    private static final class Loop extends Thread implements EventLoopThread {
        Loop(Runnable r) {
            super(r, "duet-test-loop");
            setDaemon(true);
        }
    }

    private final App app;
    private final ExecutorService loop = Executors.newSingleThreadExecutor(Loop::new);
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final java.util.Set<TestEvents> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Duration timeout = Duration.ofSeconds(60);

    private TestClient(App app) {
        this.app = app;
        app.freeze();
    }

    /**
     * A client for {@code app}, which it freezes ({@link App#freeze}): registering anything more
     * fails from then on. Close the client to stop its event-loop thread.
     */
    public static TestClient of(App app) {
        return new TestClient(app);
    }

    /** How long the blocking calls wait for a response before failing the test (60 s). */
    public TestClient timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Sends a GET for {@code uri} (path and query, percent-encoded as on the wire) and waits for the response. */
    public TestResponse get(String uri) {
        return send(TestRequest.get(uri));
    }

    /** Sends a POST of {@code body} (UTF-8) with the {@code Content-Type} {@code contentType} and waits for the response. */
    public TestResponse post(String uri, String body, String contentType) {
        return send(TestRequest.post(uri).body(body, contentType));
    }

    /** Sends a POST of {@code json} written as JSON (by Jackson, with its defaults, as {@code application/json}) and waits for the response. */
    public TestResponse postJson(String uri, Object json) {
        return send(TestRequest.post(uri).json(json));
    }

    /**
     * Sends {@code request} and waits for the response: an {@link AssertionError} if none comes
     * within {@link #timeout}, an {@link IllegalStateException} if the app failed to answer.
     */
    public TestResponse send(TestRequest request) {
        return await(sendAsync(request), request);
    }

    private <T> T await(CompletableFuture<T> answer, TestRequest request) {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + request, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the app failed to answer " + request, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no response to " + request + " within " + timeout);
        }
    }

    /** Sends {@code request}; the future completes with the response. */
    public CompletableFuture<TestResponse> sendAsync(TestRequest request) {
        return exchange(request, TestClient::whole);
    }

    /** What the client makes of a response: a whole one, or an event stream. */
    private interface Answer<T> {
        T apply(Exchange exchange, OutgoingResponse out) throws Exception;
    }

    /** Dispatches {@code request} from the loop; {@code answer} reads the response (off the loop for a stream). */
    private <T> CompletableFuture<T> exchange(TestRequest request, Answer<T> answer) {
        HeaderList headers = withCookies(request);
        CompletableFuture<T> result = new CompletableFuture<>();
        // A multipart body is parsed here, off the loop, with the parser and limits of every core.
        MultipartForm form = null;
        byte[] sent = request.body();
        if (MultipartParser.isMultipart(headers.get("Content-Type"))) {
            try {
                if (sent.length > app.config().maxUploadSize()) return refused(413, MultipartParser.uploadTooLarge(app.config()), headers, answer, app.config());
                form = MultipartParser.parse(app.config(), headers.get("Content-Type"), sent);
            } catch (HttpError e) {
                return refused(e.status(), e.getMessage(), headers, answer, app.config());
            }
            sent = new byte[0];
        }
        RawRequest raw = new Raw(request.method(), request.uri(), headers, sent, form);
        loop.execute(() -> {
            Exchange exchange = app.dispatch(raw);
            exchange.response().whenComplete((res, err) -> {
                if (err != null) {
                    result.completeExceptionally(err);
                    return;
                }
                try {
                    OutgoingResponse out = OutgoingResponse.of(res, request.method().equals("HEAD"), app.config());
                    keepCookies(res);
                    result.complete(answer.apply(exchange, out));
                } catch (Exception e) {
                    exchange.abort();
                    result.completeExceptionally(e);
                }
            });
        });
        return result;
    }

    /** A whole response: the body read to its end. */
    private static TestResponse whole(Exchange exchange, OutgoingResponse out) throws Exception {
        HeaderList received = new HeaderList();
        out.writeHeaders(received, HeaderList::add, exchange == null); // refused at the door: a core closes the connection
        byte[] body = bodyOf(out);
        if (exchange != null) exchange.sent();
        return new TestResponse(out.status(), received, body);
    }

    /**
     * Opens the event stream at {@code uri} ({@code GET} with {@code Accept: text/event-stream}):
     * the response's status and headers now, its events as they come ({@link TestEvents}). Close
     * it to go away, as a browser closing the page.
     */
    public TestEvents events(String uri) {
        return events(TestRequest.get(uri).header("Accept", "text/event-stream"));
    }

    /** Opens the event stream {@code request} answers with; see {@link #events(String)}. */
    public TestEvents events(TestRequest request) {
        return await(exchange(request, this::streaming), request);
    }

    /** The body streams into a {@link TestEvents} from a virtual thread of its own, which closing it interrupts. */
    private TestEvents streaming(Exchange exchange, OutgoingResponse out) throws Exception {
        HeaderList received = new HeaderList();
        out.writeHeaders(received, HeaderList::add, exchange == null);
        if (!out.streamsBody()) {
            TestEvents events = new TestEvents(out.status(), received, timeout, () -> { });
            if (out.hasBody()) events.input().write(out.body());
            if (exchange != null) exchange.sent();
            events.ended();
            return events;
        }
        AtomicReference<Thread> writer = new AtomicReference<>();
        AtomicReference<TestEvents> self = new AtomicReference<>();
        TestEvents events = new TestEvents(out.status(), received, timeout, () -> {
            streams.remove(self.get());
            Thread t = writer.get();
            if (t != null) t.interrupt(); // what a core does when the client goes away
        });
        self.set(events);
        streams.add(events);
        writer.set(Thread.ofVirtual().name("duet-test-stream").start(() -> {
            try {
                out.stream().writeTo(events.input());
            } catch (Exception e) {
                // the client went away, or the stream failed: either way it ends here
            } finally {
                streams.remove(events);
                events.ended();
                exchange.sent();
            }
        }));
        return events;
    }

    /** The request's headers, with the client's cookies unless it sets its own. */
    private HeaderList withCookies(TestRequest request) {
        HeaderList headers = new HeaderList();
        request.headers().forEach(headers::add);
        String cookieHeader;
        synchronized (cookies) {
            cookieHeader = cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
        }
        if (!cookieHeader.isEmpty() && headers.get("Cookie") == null) {
            headers.add("Cookie", cookieHeader);
            // Its cookie jar makes the client a browser, and browsers say where a request comes
            // from: the app's own pages, unless the test says otherwise (see docs/security.md).
            if (headers.get("Sec-Fetch-Site") == null && headers.get("Origin") == null) headers.add("Sec-Fetch-Site", "same-origin");
        }
        return headers;
    }

    /**
     * Opens a WebSocket to {@code uri} (a GET whose handler returns {@code WebSocket.accept(...)}),
     * with the handshake's headers added, and waits for the handshake's answer. Check
     * {@link TestWebSocket#status()}: 101 if the app switched, else its refusal.
     *
     * <pre>{@code
     * TestWebSocket ws = client.websocket(TestRequest.get("/chat").header("Sec-WebSocket-Protocol", "chat.v1"));
     * }</pre>
     */
    public TestWebSocket websocket(TestRequest request) {
        for (String[] h : new String[][] {{"Upgrade", "websocket"}, {"Connection", "Upgrade"},
                {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}, {"Sec-WebSocket-Version", "13"}}) {
            if (request.headers().keySet().stream().noneMatch(h[0]::equalsIgnoreCase)) request.header(h[0], h[1]);
        }
        CompletableFuture<TestWebSocket> opened = new CompletableFuture<>();
        RawRequest raw = new Raw(request.method(), request.uri(), withCookies(request), request.body(), null);
        loop.execute(() -> {
            Exchange exchange = app.dispatch(raw);
            exchange.response().whenComplete((res, err) -> {
                if (err != null) {
                    opened.completeExceptionally(err);
                    return;
                }
                OutgoingResponse out = OutgoingResponse.of(res, false, app.config());
                HeaderList received = new HeaderList();
                out.writeHeaders(received, HeaderList::add, false);
                keepCookies(res);
                exchange.sent();
                WebSocketAccept accept = WebSocketAccept.of(res);
                opened.complete(new TestWebSocket(new TestResponse(out.status(), received, out.hasBody() ? out.body() : new byte[0]),
                        accept, loop));
            });
        });
        try {
            return opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the handshake of " + request, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the app failed to answer " + request, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to the WebSocket handshake " + request + " within " + timeout);
        }
    }

    /** Opens a WebSocket to {@code uri} (see {@link #websocket(TestRequest)}). */
    public TestWebSocket websocket(String uri) {
        return websocket(TestRequest.get(uri));
    }

    /** What a core answers when it refuses a request before the app sees it. */
    private static <T> CompletableFuture<T> refused(int status, String message, HeaderList headers, Answer<T> answer, Config config) {
        Response res = CoreErrors.response(config, status, message, headers.get("Accept"));
        try {
            return CompletableFuture.completedFuture(answer.apply(null, OutgoingResponse.of(res, false, config)));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Cookies the client holds now. */
    public Map<String, String> cookies() {
        synchronized (cookies) {
            return Map.copyOf(cookies);
        }
    }

    /** The body as a core would send it: none for HEAD, 1xx, 204 and 304; a stream read to its end. */
    private static byte[] bodyOf(OutgoingResponse out) throws Exception {
        if (!out.hasBody()) return new byte[0];
        if (!out.streamsBody()) return out.body();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> { // a stream may block: never on the test loop
            try {
                out.stream().writeTo(bytes);
            } catch (Exception e) {
                failed.set(e);
            }
        });
        writer.join();
        if (failed.get() != null) throw failed.get(); // a core would end the response without its last chunk
        return bytes.toByteArray();
    }

    private void keepCookies(Response res) {
        synchronized (cookies) {
            for (Cookie c : res.cookies()) {
                if (c.maxAge() != null && c.maxAge().isZero()) cookies.remove(c.name());
                else cookies.put(c.name(), c.value());
            }
        }
    }

    /** Stops the event-loop thread, and leaves every event stream still open, as a browser closing. */
    @Override
    public void close() {
        streams.forEach(TestEvents::close);
        loop.shutdownNow();
    }

    private record Raw(String method, String uri, Headers headers, byte[] body, MultipartForm multipart) implements RawRequest {
        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public boolean secure() {
            return false;
        }
    }

    /** Url-encodes {@code fields} as a form body. */
    static String formBody(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
