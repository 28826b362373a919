package dev.duet.tour.browser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One Chrome DevTools Protocol connection: the browser's WebSocket, on which every page is a
 * session (Target.attachToTarget with {@code flatten}), so one socket and one reader serve them
 * all. Commands wait for their answer with a timeout; events go to the listener of their session.
 */
final class Cdp implements AutoCloseable {
    /** An event chromium sent: {@code sessionId} is null for the browser's own. */
    record Event(String sessionId, String method, JsonNode params) {
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final WebSocket socket;
    private final AtomicLong lastId = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Consumer<Event>> listeners = new ConcurrentHashMap<>();
    /** What to add to a message once the connection is gone: whether chromium exited, and its last output. */
    private final Supplier<String> diagnosis;
    /** Why the connection is gone; null while it is open. */
    private volatile String gone;

    private Cdp(HttpClient http, WebSocket socket, Supplier<String> diagnosis) {
        this.http = http;
        this.socket = socket;
        this.diagnosis = diagnosis;
    }

    /** Opens the DevTools WebSocket at {@code uri}. */
    static Cdp connect(URI uri, Duration timeout, Supplier<String> diagnosis) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        Reader reader = new Reader();
        try {
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, reader)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Cdp cdp = new Cdp(http, socket, diagnosis);
            reader.cdp = cdp;
            return cdp;
        } catch (TimeoutException e) {
            http.close();
            throw new BrowserException("could not open chromium's DevTools socket " + uri + " within " + human(timeout));
        } catch (ExecutionException e) {
            http.close();
            throw new BrowserException("could not open chromium's DevTools socket " + uri + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.close();
            throw new BrowserException("interrupted while opening chromium's DevTools socket");
        }
    }

    /**
     * Sends {@code method} with {@code params} to the session {@code sessionId} (null: the browser)
     * and returns its result, or throws if chromium answers with an error or not within {@code timeout}.
     */
    JsonNode call(String sessionId, String method, Map<String, ?> params, Duration timeout) {
        JsonNode result = callWithin(sessionId, method, params, timeout);
        if (result == null) throw new BrowserException("chromium did not answer " + method + " within " + human(timeout));
        return result;
    }

    /** {@link #call}, but null when chromium does not answer within {@code timeout}, for callers that say better what did not happen. */
    JsonNode callWithin(String sessionId, String method, Map<String, ?> params, Duration timeout) {
        failIfGone(method);
        long id = lastId.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (sessionId != null) message.put("sessionId", sessionId);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            // WebSocket allows one outstanding send at a time; pages on other threads take turns.
            synchronized (socket) {
                socket.sendText(JSON.writeValueAsString(message), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            JsonNode reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode error = reply.get("error");
            if (error != null) {
                String data = error.path("data").asString("");
                throw new BrowserException(method + " failed: " + error.path("message").asString("")
                        + (data.isEmpty() ? "" : " (" + data + ")"));
            }
            return reply.path("result");
        } catch (TimeoutException e) {
            failIfGone(method);
            return null;
        } catch (ExecutionException e) {
            // The connection is gone (the answer was failed by lost()), or it broke as this was sent,
            // in which case the reader learns why within moments.
            awaitGone(Duration.ofSeconds(1));
            failIfGone(method);
            throw new BrowserException("cannot " + method + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrowserException("interrupted while waiting for chromium to answer " + method);
        } finally {
            pending.remove(id);
        }
    }

    /** Hands every event of {@code sessionId} to {@code listener}, on the socket's reading thread. */
    void listen(String sessionId, Consumer<Event> listener) {
        listeners.put(sessionId, listener);
    }

    void forget(String sessionId) {
        listeners.remove(sessionId);
    }

    /** Why the connection is gone, with chromium's side of it; null while it is open. */
    String gone() {
        String why = gone;
        return why == null ? null : why + diagnosis.get();
    }

    /** Throws, naming {@code doing}, if the connection is gone. */
    void failIfGone(String doing) {
        String why = gone();
        if (why != null) throw new BrowserException("cannot " + doing + ": " + why);
    }

    private void awaitGone(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (gone == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        if (gone == null) gone = "the browser was closed";
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Chromium may be gone already; abort below releases the socket either way.
        } finally {
            socket.abort();
            http.close();
        }
    }

    private void dispatch(String text) {
        JsonNode message = JSON.readTree(text);
        JsonNode id = message.get("id");
        if (id != null) {
            CompletableFuture<JsonNode> answer = pending.get(id.asLong());
            if (answer != null) answer.complete(message);
            return;
        }
        String sessionId = message.path("sessionId").asString(null);
        Consumer<Event> listener = sessionId == null ? null : listeners.get(sessionId);
        if (listener != null) listener.accept(new Event(sessionId, message.path("method").asString(""), message.path("params")));
    }

    private void lost(String why) {
        if (gone == null) gone = why;
        BrowserException failure = new BrowserException(gone);
        pending.values().forEach(answer -> answer.completeExceptionally(failure));
    }

    /** "10 s", "1.5 s" or "200 ms": how long, as a message says it. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Reads the socket: joins a message's fragments, then hands it on. Called by one thread at a time. */
    private static final class Reader implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile Cdp cdp;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Cdp c = cdp;
                if (c != null) {
                    try {
                        c.dispatch(text);
                    } catch (RuntimeException e) {
                        // A bad message or a listener's bug must not stop the reader: every later answer would time out.
                        System.err.println("browser: could not handle a DevTools message: " + e);
                    }
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            Cdp c = cdp;
            if (c != null) c.lost("chromium closed its DevTools connection");
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            Cdp c = cdp;
            if (c != null) c.lost("the DevTools connection to chromium broke (" + error.getMessage() + ")");
        }
    }
}
