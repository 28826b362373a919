package dev.duet;

import dev.duet.spi.WebSocketAccept;
import dev.duet.spi.WebSocketPeer;
import dev.duet.spi.WebSocketTransport;
import dev.duet.ws.WebSocketUpgrade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket handshake, the same on every core: what a route's {@link WebSocketUpgrade} becomes
 * (a 101 whose body is the {@link WebSocketAccept} a core switches over with, or a refusal), and
 * the app's count of open sockets, bounded by {@code maxWebSockets}. One per app, in its
 * {@link Answers}.
 */
final class WebSockets {
    private static final Logger log = LoggerFactory.getLogger(WebSockets.class);
    /** RFC 6455 §1.3: appended to the client's key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Config config;
    private final AtomicInteger open = new AtomicInteger();
    private final SharedText sharedText = new SharedText();
    private final WebSocketBudget budget;
    private final WebSocketCounts counts = new WebSocketCounts();

    WebSockets(Config config) {
        this.config = config;
        this.budget = new WebSocketBudget(config.wsMaxTotalQueuedBytes());
    }

    /** Sockets open now (handshakes accepted, not yet closed). */
    int open() {
        return open.get();
    }

    /** What all the app's sockets hold queued together, under {@code wsMaxTotalQueuedBytes}. */
    WebSocketBudget budget() {
        return budget;
    }

    /** The app's running WebSocket totals. */
    WebSocketCounts counts() {
        return counts;
    }

    /** The answer to a handshake whose route returned {@code upgrade}: a 101, or an {@link HttpError}. */
    Response answer(WebSocketUpgrade upgrade, Request req) {
        String key = req.header("Sec-WebSocket-Key");
        if (!hasToken(req.header("Upgrade"), "websocket") || !hasToken(req.header("Connection"), "upgrade") || key == null) {
            throw new HttpError(426, "This is a WebSocket endpoint: the request must be a WebSocket handshake (GET with "
                    + "Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Key and Sec-WebSocket-Version: 13)",
                    Map.of("Upgrade", "websocket"), null);
        }
        if (!"13".equals(strip(req.header("Sec-WebSocket-Version")))) {
            throw new HttpError(426, "Unsupported WebSocket version " + req.header("Sec-WebSocket-Version") + ": this server speaks 13",
                    Map.of("Sec-WebSocket-Version", "13", "Upgrade", "websocket"), null);
        }
        if (!validKey(key)) throw HttpError.badRequest("Sec-WebSocket-Key must be 16 bytes in base64: " + key);
        Call call = req.call;
        Security.Failure f = call.app().security().checkHandshake(req, call.chainCors());
        if (f != null) {
            log.info("WebSocket origin check '{}' refused {} from {}: {}", f.check(), req, req.clientIp(), f.message());
            throw new HttpError(403, "Cross-site WebSocket handshake refused: " + f.message()
                    + " (add it to trustedOrigins to allow it)", Map.of("X-CSRF-Failure", f.check()), null);
        }
        String protocol = choose(upgrade, req);
        if (open.incrementAndGet() > config.maxWebSockets()) {
            open.decrementAndGet();
            log.warn("WebSocket handshake {} refused: {} sockets are open (maxWebSockets)", req, config.maxWebSockets());
            throw HttpError.unavailable("Too many WebSocket connections: " + config.maxWebSockets()
                    + " are open, the most this server takes (maxWebSockets)", 5);
        }
        Response res = new Response().status(101).body(new Accepted(upgrade, req, protocol));
        res.header("Upgrade", "websocket");
        res.header("Sec-WebSocket-Accept", acceptKey(key.strip()));
        if (protocol != null) res.header("Sec-WebSocket-Protocol", protocol);
        return res;
    }

    /** The first of the endpoint's subprotocols the client offers, or null. */
    private static String choose(WebSocketUpgrade upgrade, Request req) {
        var offered = req.headers().all("Sec-WebSocket-Protocol").stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::strip).toList();
        for (String p : upgrade.subprotocols()) {
            if (offered.contains(p)) return p;
        }
        return null;
    }

    private static boolean hasToken(String header, String token) {
        if (header == null) return false;
        for (String t : header.split(",")) {
            if (t.strip().toLowerCase(Locale.ROOT).equals(token)) return true;
        }
        return false;
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key.strip()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code Sec-WebSocket-Accept} for {@code key}: base64 of SHA-1 of the key and the GUID. */
    static String acceptKey(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** A handshake accepted: holds one place under {@code maxWebSockets} until its socket closes or the switch fails. */
    private final class Accepted implements WebSocketAccept {
        private final WebSocketUpgrade upgrade;
        private final Request req;
        private final String protocol;
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicBoolean opened = new AtomicBoolean();

        Accepted(WebSocketUpgrade upgrade, Request req, String protocol) {
            this.upgrade = upgrade;
            this.req = req;
            this.protocol = protocol;
        }

        @Override
        public String subprotocol() {
            return protocol;
        }

        @Override
        public int maxMessageSize() {
            return upgrade.maxMessageSize() > 0 ? upgrade.maxMessageSize() : config.wsMaxMessageSize();
        }

        @Override
        public WebSocketPeer open(WebSocketTransport transport) {
            if (!opened.compareAndSet(false, true)) throw new IllegalStateException("this handshake has been switched over already");
            return new WebSocketSession(upgrade, req, protocol, maxMessageSize(), config, req.app().tasks(), transport, this::abandon,
                    sharedText, budget, counts);
        }

        @Override
        public void abandon() {
            if (released.compareAndSet(false, true)) open.decrementAndGet();
        }

        @Override
        public String toString() {
            return "WebSocket handshake of " + req;
        }
    }
}
