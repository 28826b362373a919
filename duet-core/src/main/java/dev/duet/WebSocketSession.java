package dev.duet;

import dev.duet.spi.WebSocketPeer;
import dev.duet.spi.WebSocketTransport;
import dev.duet.ws.WebSocket;
import dev.duet.ws.WebSocketUpgrade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open WebSocket, the same on every core: the {@link WebSocket} the app's handler holds and
 * the {@link WebSocketPeer} its core feeds. It joins fragments and enforces the message limit,
 * bounds what is queued for the client (refusing sends past {@code wsMaxQueuedBytes}, closing a
 * client behind for {@code wsSlowClientTimeout} with 1008), pings, cuts off a peer that does not
 * answer a ping within {@code wsPongTimeout} (unless it is only slow: see {@link #ping}), runs the
 * closing handshake, and hands the handler its events in order through a {@link WebSocketInbox}.
 */
final class WebSocketSession implements WebSocket, WebSocketPeer {
    private static final Logger log = LoggerFactory.getLogger(WebSocket.class);
    /** How long a peer has to answer our close frame before the connection is cut. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    private final Request req;
    private final String protocol;
    private final int maxMessageSize;
    private final Config config;
    private final Tasks tasks;
    private final WebSocketTransport transport;
    private final Runnable release;
    private final WebSocketInbox inbox;
    private final SharedText sharedText;
    private final WebSocketBudget budget;
    private final WebSocketCounts counts;

    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean slowLogged = new AtomicBoolean();
    private volatile boolean open = true;
    private volatile long heardNanos = System.nanoTime();
    private volatile long fullSince; // 0 while the client keeps up
    private volatile int ourCode;
    private volatile String ourReason;
    private volatile AppStats.WebSocketEnd cause = AppStats.WebSocketEnd.HANDSHAKE; // what finish counts the end as

    // the message being joined: touched only by the core's reading thread, one frame at a time
    private ByteBuffer partial;
    private boolean partialText;

    WebSocketSession(WebSocketUpgrade upgrade, Request req, String protocol, int maxMessageSize, Config config, Tasks tasks,
                     WebSocketTransport transport, Runnable release, SharedText sharedText, WebSocketBudget budget,
                     WebSocketCounts counts) {
        this.req = req;
        this.protocol = protocol;
        this.maxMessageSize = maxMessageSize;
        this.config = config;
        this.tasks = tasks;
        this.transport = transport;
        this.release = release;
        this.sharedText = sharedText;
        this.budget = budget;
        this.counts = counts;
        this.inbox = new WebSocketInbox(this, upgrade, transport, config.wsMaxQueuedBytes());
    }

    // ---- the app's side ----

    @Override
    public CompletionStage<Void> sendText(String text) {
        return send(true, sharedText.utf8(text)); // a broadcast's text is encoded once, for all its sockets
    }

    @Override
    public CompletionStage<Void> sendBinary(byte[] data) {
        return send(false, ByteBuffer.wrap(data));
    }

    private CompletionStage<Void> send(boolean text, ByteBuffer payload) {
        if (!open) return CompletableFuture.failedFuture(new IllegalStateException("the WebSocket is closed"));
        int n = payload.remaining();
        long cap = config.wsMaxQueuedBytes();
        // The app's budget is charged before this socket's queue and given back after it, so that
        // what all queues hold never exceeds what the budget counts.
        long cost = n + WebSocketBudget.PER_MESSAGE;
        long held = queued.get();
        if (held + n > cap && held != 0) return refuseForItsOwnCap(held, n, cap);
        if (!budget.take(cost)) {
            // Every socket loses this message. One with messages still waiting is behind: a reader drains
            // them and resets the clock on its next write; one that stopped reading never does, and is closed.
            if (queued.get() > 0) clientBehind();
            counts.refused.increment();
            return CompletableFuture.failedFuture(new IllegalStateException("the server's WebSocket queues are full: "
                    + budget.used() + " bytes are queued for all clients, and wsMaxTotalQueuedBytes is " + budget.cap()));
        }
        long now = queued.addAndGet(n);
        if (now > cap && now != n) { // one message larger than the cap still goes, alone (checked again: sends may race)
            queued.addAndGet(-n);
            budget.give(cost);
            return refuseForItsOwnCap(now - n, n, cap);
        }
        CompletionStage<Void> written;
        try {
            written = transport.send(text, payload);
        } catch (RuntimeException e) {
            queued.addAndGet(-n);
            budget.give(cost);
            return CompletableFuture.failedFuture(e);
        }
        return written.whenComplete((v, e) -> {
            if (e == null) counts.sent.increment();
            if (queued.addAndGet(-n) <= cap / 2) fullSince = 0;
            budget.give(cost);
        });
    }

    private CompletionStage<Void> refuseForItsOwnCap(long held, int n, long cap) {
        clientBehind();
        counts.refused.increment();
        return CompletableFuture.failedFuture(new IllegalStateException("the client is not reading fast enough: "
                + held + " bytes are queued for it and " + n + " more would pass wsMaxQueuedBytes (" + cap + ")"));
    }

    /**
     * A send was refused for the queue's cap, or a ping went unanswered behind queued messages:
     * from now on the client has {@code wsSlowClientTimeout} to bring its queue down to half the cap.
     */
    private void clientBehind() {
        if (fullSince != 0) return;
        long since = System.nanoTime();
        fullSince = since;
        later(config.wsSlowClientTimeout(), () -> {
            if (fullSince != since || !open) return;
            if (slowLogged.compareAndSet(false, true)) {
                log.warn("WebSocket {} closed: its client read too slowly ({} bytes queued for {}, wsMaxQueuedBytes {},"
                        + " wsSlowClientTimeout {})", req, queued.get(), config.wsSlowClientTimeout(), config.wsMaxQueuedBytes(),
                        config.wsSlowClientTimeout());
            }
            if (!closeSent.get()) cause = AppStats.WebSocketEnd.SLOW;
            close(POLICY_VIOLATION, "client too slow: its queue did not drain within wsSlowClientTimeout");
        });
    }

    @Override
    public void close(int code, String reason) {
        boolean sendable = code >= 1000 && code <= 1003 || code >= 1007 && code <= 1011 || code >= 3000 && code <= 4999;
        if (!sendable) throw new IllegalArgumentException("not a close code an endpoint may send: " + code + " (1000, 1001, 1002,"
                + " 1003, 1007-1011, or 3000-4999 for the app's own)");
        if (!closeSent.compareAndSet(false, true)) return;
        open = false;
        ourCode = code;
        ourReason = fitReason(reason == null ? "" : reason);
        transport.sendClose(code, ourReason);
        later(CLOSE_WAIT, () -> {
            if (ended.get()) return;
            transport.abort();
            closed();
        });
    }

    /** {@code reason} cut to the 123 UTF-8 bytes a close frame has room for, never inside a character. */
    static String fitReason(String reason) {
        if (reason.length() <= 41) return reason; // 41 chars are at most 123 bytes
        StringBuilder fit = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > 123) break;
            fit.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return fit.toString();
    }

    @Override
    public long queuedBytes() {
        return queued.get();
    }

    @Override
    public Request request() {
        return req;
    }

    @Override
    public String subprotocol() {
        return protocol;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public String toString() {
        return "WebSocket of " + req;
    }

    // ---- the core's side ----

    @Override
    public void opened() {
        inbox.open();
        if (!config.wsPingInterval().isZero()) later(config.wsPingInterval(), this::ping);
    }

    @Override
    public void frame(Frame kind, ByteBuffer payload, boolean last) {
        heardNanos = System.nanoTime();
        if (!open) return; // closing: what still arrives is dropped
        if (kind == Frame.CONTINUATION) {
            if (partial == null) {
                fail(PROTOCOL_ERROR, "a continuation frame came with no message begun");
                return;
            }
        } else if (partial != null) {
            fail(PROTOCOL_ERROR, "a new message began before the last one ended");
            return;
        }
        int had = kind == Frame.CONTINUATION ? partial.position() : 0;
        if ((long) had + payload.remaining() > maxMessageSize) {
            partial = null;
            fail(MESSAGE_TOO_BIG, "a message over " + maxMessageSize + " bytes (maxMessageSize, or wsMaxMessageSize)");
            return;
        }
        if (kind != Frame.CONTINUATION) partialText = kind == Frame.TEXT;
        ByteBuffer message;
        if (kind != Frame.CONTINUATION && last) {
            message = payload; // whole in one frame: no copy into a buffer of our own
        } else {
            if (partial == null) partial = ByteBuffer.allocate(Math.min(maxMessageSize, Math.max(256, payload.remaining() * 2)));
            if (partial.remaining() < payload.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(maxMessageSize, Math.max((long) partial.capacity() * 2,
                        (long) partial.position() + payload.remaining())));
                partial.flip();
                bigger.put(partial);
                partial = bigger;
            }
            partial.put(payload);
            if (!last) return;
            message = partial.flip();
            partial = null;
        }
        if (partialText) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(message).toString();
            } catch (CharacterCodingException e) {
                fail(INVALID_DATA, "a text message that is not valid UTF-8");
                return;
            }
            counts.received.increment();
            inbox.text(text);
        } else {
            byte[] data = new byte[message.remaining()];
            message.get(data);
            counts.received.increment();
            inbox.binary(data);
        }
    }

    /** The peer broke a rule: close with {@code code}; the handler hears of it in {@code onClose}. */
    private void fail(int code, String why) {
        log.debug("WebSocket {}: closing with {}: {}", req, code, why);
        close(code, why);
    }

    @Override
    public void protocolError(int code, String why) {
        partial = null;
        fail(code, why);
    }

    @Override
    public void pong() {
        heardNanos = System.nanoTime();
    }

    @Override
    public void closeReceived(int code, String reason) {
        heardNanos = System.nanoTime();
        open = false;
        if (closeSent.compareAndSet(false, true)) {
            ourCode = code;
            ourReason = reason;
            int echo = code == 1005 ? NORMAL : code;
            transport.sendClose(echo, "").whenComplete((v, e) -> transport.abort());
            finish(code, reason);
        } else {
            transport.abort(); // the answer to our close: the handler hears the code it closed with
            finish(ourCode, ourReason);
        }
    }

    @Override
    public void closed() {
        if (closeSent.get()) {
            finish(ourCode, ourReason);
        } else {
            cause = AppStats.WebSocketEnd.LOST;
            finish(ABNORMAL, "the connection was lost");
        }
    }

    @Override
    public void goingAway() {
        close(GOING_AWAY, "the server is stopping");
    }

    @Override
    public void failed(Throwable error) {
        log.debug("WebSocket {} failed", req, error);
        inbox.error(error);
    }

    /** Runs once: the socket is over, its place under maxWebSockets freed, and the handler told, last. */
    private void finish(int code, String reason) {
        if (!ended.compareAndSet(false, true)) return;
        open = false;
        counts.closed(cause);
        release.run();
        inbox.close(code, reason == null ? "" : reason);
    }

    /** A handler method failed: it hears of it in {@code onError}, then the socket closes with 1011. */
    void handlerFailed(Throwable error) {
        log.error("WebSocket handler of {} failed", req, error);
        close(INTERNAL_ERROR, "internal error");
    }

    // ---- pings ----

    /**
     * Pings, and looks for an answer (any frame) {@code wsPongTimeout} later. A silent peer with
     * nothing queued for it is dead and cut off (1006). A silent peer with messages still queued
     * is not proven dead: the ping went out behind them, so a client that reads slowly may not
     * have reached it yet. Such a peer is left to the slow-client rule, which closes it with 1008
     * (logged once) unless its queue drains within {@code wsSlowClientTimeout}; a dead peer's never
     * drains, so it is closed then all the same.
     */
    private void ping() {
        if (ended.get()) return;
        long sent = System.nanoTime();
        transport.ping(ByteBuffer.allocate(0));
        Duration wait = config.wsPongTimeout();
        later(wait, () -> {
            if (ended.get() || heardNanos - sent >= 0) return;
            if (inbox.readingPausedSince(sent)) return; // we stopped reading, so an answer may be unread: no sign of death
            if (queued.get() > 0) {
                log.debug("WebSocket {}: no answer to a ping within {}, with {} bytes still queued for it: slow, not dead",
                        req, wait, queued.get());
                clientBehind();
                return;
            }
            log.debug("WebSocket {}: no answer to a ping within {} (wsPongTimeout); cutting it off", req, wait);
            // The outcome is settled before the abort: a core whose abort is a polite close (the
            // servlet core) may report the peer's answer to it at once, and the handler must still
            // hear 1006, not that answer.
            ourCode = ABNORMAL;
            ourReason = "no answer to a ping within " + wait.toMillis() + " ms (wsPongTimeout)";
            cause = AppStats.WebSocketEnd.DEAD;
            closeSent.set(true);
            transport.abort();
            closed();
        });
        later(config.wsPingInterval(), this::ping);
    }

    /** Runs {@code task} after {@code delay} on the app's timer (no thread held); nothing if the app has stopped. */
    private void later(Duration delay, Runnable task) {
        try {
            ScopedValue.where(Request.CURRENT, null).run(() -> tasks.delay(delay).thenRun(task));
        } catch (RejectedExecutionException e) {
            // the app is stopping: its cores close the connections
        }
    }
}
