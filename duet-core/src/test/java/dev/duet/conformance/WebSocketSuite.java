package dev.duet.conformance;

import dev.duet.App;
import dev.duet.spi.EventLoopThread;
import dev.duet.test.TestWebSocket.Message;
import dev.duet.ws.WebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSockets on every core: the handshake (426 for a plain GET, 403 cross-site unless the origin
 * is the app's own or trusted, 503 over {@code maxWebSockets}, subprotocols), text and binary,
 * fragments joined, blocking handlers in order on virtual threads and async ones on the loop,
 * close codes both ways, 1009 past the message limit, 1002 and 1007 for broken frames, 1011 when
 * a handler fails, pings with a dead peer cut off after {@code wsPongTimeout} but a slow one left to
 * the slow-client rule, a client that stops reading closed with 1008 (logged once), and a handler
 * that falls behind pausing the reading (bounded by {@code wsSlowClientTimeout} where a pause holds
 * a thread). Timing is asserted only relatively.
 */
public abstract class WebSocketSuite extends ConformanceSuite {
    private static final Duration LONG = Duration.ofSeconds(10);

    protected WebSocketSuite(Harness harness) {
        super(harness);
    }

    /** What a handler saw, in order, as strings: {@code open}, {@code text:...}, {@code close:1000:reason}... */
    static final class Events implements WebSocket.Handler {
        final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        volatile WebSocket socket;

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws;
            seen.add("open");
        }

        @Override
        public void onText(WebSocket ws, String text) {
            threads.add(Thread.currentThread());
            seen.add("text:" + text);
            ws.sendText("echo:" + text);
        }

        @Override
        public void onBinary(WebSocket ws, byte[] data) {
            seen.add("binary:" + data.length);
            ws.sendBinary(data);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            seen.add("close:" + code + ":" + reason);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            seen.add("error:" + error.getMessage());
        }

        String next() throws InterruptedException {
            String e = seen.poll(LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("a handler event within %s", LONG).isNotNull();
            return e;
        }

        /** The close event, skipping what came before it. */
        String closeEvent() throws InterruptedException {
            String e;
            do e = next(); while (!e.startsWith("close:"));
            return e;
        }
    }

    private Harness.Client serveEcho(Events events, java.util.function.UnaryOperator<dev.duet.Config.Builder> tune) {
        App app = newApp(tune);
        app.get("/ws", req -> WebSocket.accept(events).subprotocols("chat.v2", "chat.v1").maxMessageSize(1000));
        return serve(app);
    }

    private WsClient open(Harness.Client server) {
        return open(server, Map.of());
    }

    private WsClient open(Harness.Client server, Map<String, String> headers) {
        WsClient ws = server.websocket("/ws", headers);
        assertThat(ws.status()).as("handshake: %s", ws.body()).isEqualTo(101);
        return ws;
    }

    private static void assertText(Message m, String text) {
        assertThat(m.type()).as("message %s", m.code()).isEqualTo(Message.Type.TEXT);
        assertThat(m.text()).isEqualTo(text);
    }

    @Test
    void textAndBinaryEchoOnAVirtualThreadInOrder() throws Exception {
        Events events = new Events();
        WsClient ws = open(serveEcho(events, c -> c));
        assertThat(events.next()).isEqualTo("open");
        for (int i = 0; i < 20; i++) ws.sendText("m" + i);
        for (int i = 0; i < 20; i++) assertText(ws.receive(), "echo:m" + i);
        ws.sendBinary(new byte[] {1, 2, 3});
        Message b = ws.receive();
        assertThat(b.type()).isEqualTo(Message.Type.BINARY);
        assertThat(b.data()).containsExactly(1, 2, 3);
        for (int i = 0; i < 20; i++) assertThat(events.next()).isEqualTo("text:m" + i);
        Thread t = events.threads.poll();
        assertThat(t.isVirtual()).as("a blocking handler runs on a virtual thread").isTrue();
    }

    @Test
    void anAsyncHandlerGetsTheNextMessageOnlyOnceItsStageCompletes() {
        App app = newApp();
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Boolean> onLoop = new java.util.concurrent.CopyOnWriteArrayList<>();
        app.get("/ws", req -> WebSocket.acceptAsync(new WebSocket.AsyncHandler() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, String text) {
                onLoop.add(EventLoopThread.isCurrent());
                order.add("start:" + text);
                return req.app().tasks().delay(Duration.ofMillis(text.equals("a") ? 200 : 1))
                        .thenCompose(x -> {
                            order.add("end:" + text);
                            return ws.sendText(text.toUpperCase());
                        });
            }
        }));
        WsClient ws = open(serve(app));
        ws.sendText("a");
        ws.sendText("b");
        assertText(ws.receive(), "A");
        assertText(ws.receive(), "B");
        assertThat(order).containsExactly("start:a", "end:a", "start:b", "end:b");
        if (harness.threading() == Harness.Threading.EVENT_LOOP) assertThat(onLoop).containsOnly(true);
    }

    @Test
    void fragmentsAreJoinedIntoOneMessage() throws Exception {
        Events events = new Events();
        WsClient ws = open(serveEcho(events, c -> c));
        ws.sendFragmented("hel", "lo ", "world");
        assertText(ws.receive(), "echo:hello world");
        assertThat(events.next()).isEqualTo("open");
        assertThat(events.next()).isEqualTo("text:hello world");
    }

    @Test
    void aMessageOverTheLimitClosesWith1009() throws Exception {
        Events events = new Events();
        WsClient ws = open(serveEcho(events, c -> c));
        ws.sendText("x".repeat(1000));
        assertText(ws.receive(), "echo:" + "x".repeat(1000));
        ws.sendFragmented("y".repeat(600), "y".repeat(600));
        Message m = ws.receive();
        assertThat(m.type()).isEqualTo(Message.Type.CLOSE);
        assertThat(m.code()).isEqualTo(1009);
        assertThat(events.closeEvent()).startsWith("close:1009:");
    }

    @Test
    void brokenFramesCloseWith1002And1007() throws Exception {
        Events events = new Events();
        var server = serveEcho(events, c -> c);
        WsClient stray = open(server);
        stray.sendStrayContinuation();
        assertThat(stray.receive().code()).isEqualTo(1002);
        WsClient bad = open(server);
        bad.sendInvalidUtf8();
        assertThat(bad.receive().code()).isEqualTo(1007);
    }

    @Test
    void closeCodesTravelBothWays() throws Exception {
        Events events = new Events();
        var server = serveEcho(events, c -> c);
        WsClient ws = open(server);
        assertThat(events.next()).isEqualTo("open");
        ws.close(4000, "bye");
        Message echo = ws.receive();
        assertThat(echo.type()).isEqualTo(Message.Type.CLOSE);
        assertThat(echo.code()).isEqualTo(4000);
        assertThat(events.next()).isEqualTo("close:4000:bye");
        assertThat(events.socket.isOpen()).isFalse();

        Events second = new Events();
        App app = newApp();
        app.get("/ws", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket s, String text) {
                s.close(4001, "done: " + text);
            }

            @Override
            public void onClose(WebSocket s, int code, String reason) {
                second.seen.add("close:" + code + ":" + reason);
            }
        }));
        WsClient other = open(serve(app));
        other.sendText("x");
        Message m = other.receive();
        assertThat(m.code()).isEqualTo(4001);
        assertThat(m.reason()).isEqualTo("done: x");
        other.close(4001, "");
        assertThat(second.next()).isEqualTo("close:4001:done: x");
    }

    @Test
    void theFirstSubprotocolOfTheServersTheClientOffersIsAgreed() throws Exception {
        Events events = new Events();
        var server = serveEcho(events, c -> c);
        WsClient ws = open(server, Map.of("Sec-WebSocket-Protocol", "chat.v1, chat.v2"));
        assertThat(ws.header("Sec-WebSocket-Protocol")).isEqualTo("chat.v2");
        events.next();
        assertThat(events.socket.subprotocol()).isEqualTo("chat.v2");
        Events none = new Events();
        WsClient plain = open(serveEcho(none, c -> c), Map.of("Sec-WebSocket-Protocol", "other"));
        assertThat(plain.header("Sec-WebSocket-Protocol")).isNull();
        none.next();
        assertThat(none.socket.subprotocol()).isNull();
    }

    @Test
    void aPlainGetToAnEndpointGets426() {
        var server = serveEcho(new Events(), c -> c);
        var res = server.send(ClientRequest.get("/ws").accept("application/json"));
        assertThat(res.status()).isEqualTo(426);
        assertThat(res.header("Upgrade")).isEqualTo("websocket");
        assertThat(res.text()).contains("WebSocket handshake");
    }

    @Test
    void aCrossSiteHandshakeIsRefusedUnlessTheOriginIsOwnOrTrusted() {
        var server = serveEcho(new Events(), c -> c.trustedOrigins(List.of("https://app.example")));
        WsClient evil = server.websocket("/ws", Map.of("Host", "site.example", "Origin", "https://evil.example"));
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.body()).contains("Cross-site WebSocket handshake refused").contains("https://evil.example")
                .contains("trustedOrigins");
        assertThat(server.websocket("/ws", Map.of("Host", "site.example", "Origin", "null")).status()).isEqualTo(403);
        assertThat(server.websocket("/ws", Map.of("Host", "site.example", "Origin", "http://site.example")).status()).isEqualTo(101);
        assertThat(server.websocket("/ws", Map.of("Host", "site.example", "Origin", "https://app.example")).status()).isEqualTo(101);
        assertThat(server.websocket("/ws", Map.of()).status()).as("no Origin: no browser").isEqualTo(101);
    }

    @Test
    void handshakesOverMaxWebSocketsGet503UntilOneCloses() throws Exception {
        Events events = new Events();
        var server = serveEcho(events, c -> c.maxWebSockets(1));
        WsClient first = open(server);
        WsClient second = server.websocket("/ws", Map.of());
        assertThat(second.status()).isEqualTo(503);
        assertThat(second.body()).contains("maxWebSockets");
        first.close(1000, "");
        assertThat(events.closeEvent()).startsWith("close:1000");
        long deadline = System.nanoTime() + LONG.toNanos();
        int status;
        do status = server.websocket("/ws", Map.of()).status(); while (status != 101 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(101);
    }

    @Test
    void theUpgradeRequestsMiddlewareAndAttributesReachTheSocket() throws Exception {
        App app = newApp();
        app.use((req, next) -> {
            req.attribute("user", "ada");
            return next.proceed();
        });
        app.get("/ws", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(ws.request().attribute("user") + ":" + ws.request().header("X-Team") + ":" + text);
            }
        }));
        WsClient ws = serve(app).websocket("/ws", Map.of("X-Team", "blue"));
        assertThat(ws.status()).isEqualTo(101);
        ws.sendText("hi");
        assertText(ws.receive(), "ada:blue:hi");
    }

    @Test
    void theHandshakesSessionIsTheSockets() {
        App app = newApp(b -> b.secrets(dev.duet.Secrets.of(SessionsSuite.KEY)).sessionSecure(false));
        app.get("/login", req -> {
            req.session().put("user", "ada");
            return "in";
        });
        app.get("/ws", req -> {
            String user = String.valueOf(req.session().get("user")); // read in the handshake, like any request
            return WebSocket.accept(new WebSocket.Handler() {
                @Override
                public void onText(WebSocket ws, String text) {
                    ws.sendText(user + "/" + ws.request().session().get("user") + ":" + text);
                }
            });
        });
        var server = serve(app);
        String cookie = SessionsSuite.cookieValue(server.get("/login"));
        WsClient ws = server.websocket("/ws", Map.of("Cookie", "duet_session=" + cookie));
        assertThat(ws.status()).isEqualTo(101);
        ws.sendText("hi");
        assertText(ws.receive(), "ada/ada:hi");
        WsClient anonymous = open(server);
        anonymous.sendText("hi");
        assertText(anonymous.receive(), "null/null:hi");
    }

    @Test
    void stoppingTheServerClosesOpenSocketsAsGoingAway() throws Exception {
        assumeOverHttp();
        Events events = new Events();
        var server = serveEcho(events, c -> c.shutdownGrace(Duration.ofSeconds(3)));
        WsClient ws = open(server);
        assertThat(events.next()).isEqualTo("open");
        server.app().stop();
        assertThat(events.closeEvent()).startsWith("close:1001:");
        Message m = ws.receive();
        assertThat(m.type()).isEqualTo(Message.Type.CLOSE);
        assertThat(m.code()).isIn(1001, 1006);
    }

    @Test
    void anEndpointBehindAsyncMiddlewareAndAnAsyncRouteSwitchesToo() {
        App app = newApp();
        app.useAsync((req, next) -> req.tasks().delay(Duration.ofMillis(20)).thenCompose(x -> next.proceed()));
        app.getAsync("/ws", req -> req.tasks().delay(Duration.ofMillis(20)).thenApply(x -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText("late " + text);
            }
        })));
        WsClient ws = open(serve(app));
        ws.sendText("hi");
        assertText(ws.receive(), "late hi");
    }

    @Test
    void aFailingHandlerHearsOfItInOnErrorAndTheSocketClosesWith1011() throws Exception {
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        App app = newApp();
        app.get("/ws", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                seen.add("error:" + error.getMessage());
            }
        }));
        WsClient ws = open(serve(app));
        try (LogCapture log = LogCapture.of("dev.duet.ws.WebSocket")) {
            ws.sendText("x");
            assertThat(ws.receive().code()).isEqualTo(1011);
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("error:boom");
        }
    }

    @Test
    void aSilentPeerWithNothingQueuedIsCutOffOnceWsPongTimeoutIsOver() throws Exception {
        Duration interval = Duration.ofMillis(200);
        Events quick = new Events();
        Events patient = new Events();
        WsClient a = open(serveEcho(quick, c -> c.wsPingInterval(interval).wsPongTimeout(Duration.ofMillis(100))));
        WsClient b = open(serveEcho(patient, c -> c.wsPingInterval(interval).wsPongTimeout(Duration.ofSeconds(6))));
        a.ignorePings();
        b.ignorePings();
        assertThat(quick.next()).isEqualTo("open");
        assertThat(patient.next()).isEqualTo("open");
        assertThat(quick.closeEvent()).startsWith("close:1006:").contains("wsPongTimeout");
        Message end = a.receive();
        assertThat(end.type()).isEqualTo(Message.Type.CLOSE);
        if (harness.lacks(Harness.Capability.WS_CUTS_CONNECTIONS) == null) {
            assertThat(end.code()).as("cut at once: no close frame, the connection just ends").isEqualTo(1006);
        } else {
            assertThat(end.code()).as("closed politely, as the container allows").isEqualTo(1000);
        }
        // the same silence, measured against the other's knob: not dead yet (relative, not a clock)
        assertThat(patient.seen).as("a peer under a longer wsPongTimeout is still open").noneMatch(e -> e.startsWith("close:"));
        assertThat(patient.socket.isOpen()).isTrue();
        assertThat(patient.closeEvent()).startsWith("close:1006:");

        Events alive = new Events();
        WsClient live = open(serveEcho(alive, c -> c.wsPingInterval(interval).wsPongTimeout(Duration.ofMillis(100))));
        assertThat(alive.next()).isEqualTo("open");
        assertThat(alive.seen.poll(interval.multipliedBy(8).toMillis(), TimeUnit.MILLISECONDS)).as("a live peer stays").isNull();
        live.sendText("still here");
        assertText(live.receive(), "echo:still here");
    }

    @Test
    void aSilentPeerWithMessagesQueuedIsSlowNotDeadAndClosedWith1008() throws Exception {
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        App app = newApp(c -> c.wsMaxQueuedBytes(64 * 1024).wsSlowClientTimeout(Duration.ofMillis(1500))
                .wsPingInterval(Duration.ofMillis(600)).wsPongTimeout(Duration.ofMillis(200)));
        byte[] chunk = new byte[16 * 1024];
        app.get("/ws", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) throws InterruptedException {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (ws.isOpen() && System.nanoTime() < deadline) {
                    if (ws.sendBinary(chunk).toCompletableFuture().isCompletedExceptionally()) Thread.sleep(5);
                }
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                seen.add("close:" + code + ":" + reason);
            }
        }));
        try (LogCapture log = LogCapture.of("dev.duet.ws.WebSocket")) {
            WsClient ws = open(serve(app));
            ws.stopReading();
            ws.ignorePings(); // a client that reads nothing answers no ping either
            ws.sendText("go");
            String close = seen.poll(30, TimeUnit.SECONDS);
            assertThat(close).as("the slow-client rule decides, not the ping").startsWith("close:1008:");
            assertThat(log.events(e -> e.getFormattedMessage().contains("read too slowly"))).hasSize(1);
        }
    }

    @Test
    void aBlockingHandlerThatFallsBehindStopsTheReadingNotTheMemory() throws Exception {
        assumeOverHttp();
        int total = 256; // 16 MiB, all of which a server without back-pressure would take into memory
        int size = 64 * 1024;
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Integer> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        // pings that would cut the client off during the pause below if a paused socket's silence
        // counted against it (this client cannot answer a ping while its own send is blocked)
        Duration pongTimeout = Duration.ofSeconds(1);
        App app = newApp(c -> c.wsMaxQueuedBytes(256 * 1024).wsSlowClientTimeout(Duration.ofSeconds(60))
                .wsPingInterval(Duration.ofMillis(300)).wsPongTimeout(pongTimeout));
        app.get("/ws", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) throws InterruptedException {
                release.await();
                got.add(Integer.parseInt(text.substring(0, 8).strip()));
                if (got.size() == total) ws.sendText("all " + total);
            }
        }));
        WsClient ws = open(serve(app));
        String pad = "x".repeat(size - 8);
        long heapBefore = heapAfterGc();
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        Thread sender = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < total; i++) {
                ws.sendText(String.format("%8d", i) + pad);
                sent.incrementAndGet();
            }
        });
        try {
            int before;
            do { // until the client is done or blocked (the network buffers, tens of MiB on loopback, take the rest)
                before = sent.get();
                Thread.sleep(500);
            } while (sent.get() != before && sent.get() < total);
            Thread.sleep(pongTimeout.multipliedBy(3).toMillis()); // paused for several pings' time
            long held = heapAfterGc() - heapBefore;
            // the server holds at most wsMaxQueuedBytes and a frame of what the client sent
            assertThat(held).as("heap held while the handler takes nothing (the client sent %s MiB)", sent.get() * size >> 20)
                    .isLessThan(6L * 1024 * 1024);
        } finally {
            release.countDown();
        }
        Message all = ws.receive(Duration.ofSeconds(40));
        assertThat(all).as("the handler's answer (it took %s, the client sent %s)", got.size(), sent.get()).isNotNull();
        assertText(all, "all " + total);
        sender.join();
        assertThat(got).as("every message, in order").containsExactlyElementsOf(java.util.stream.IntStream.range(0, total).boxed().toList());
    }

    private static long heapAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void aPauseInReadingOutlastingWsSlowClientTimeoutClosesWith1008WhereItHoldsAThread() throws Exception {
        assumeOverHttp();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        App app = newApp(c -> c.wsMaxQueuedBytes(16 * 1024).wsSlowClientTimeout(Duration.ofMillis(800)));
        app.get("/ws", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) throws InterruptedException {
                release.await(20, TimeUnit.SECONDS);
                seen.add("text");
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                seen.add("close:" + code + ":" + reason);
            }
        }));
        WsClient ws = open(serve(app));
        for (int i = 0; i < 4; i++) ws.sendText("y".repeat(8 * 1024)); // 32 KiB: twice the cap
        try {
            if (harness.lacks(Harness.Capability.WS_PAUSES_READING_FOR_FREE) != null) {
                Message m = ws.receive(); // the handler is still stuck: its onClose comes after its onText
                assertThat(m.type()).isEqualTo(Message.Type.CLOSE);
                assertThat(m.code()).isEqualTo(1008);
                assertThat(m.reason()).contains("wsSlowClientTimeout");
                release.countDown();
                String close;
                do close = seen.poll(10, TimeUnit.SECONDS); while ("text".equals(close));
                assertThat(close).startsWith("close:1008:");
            } else {
                assertThat(seen.poll(2400, TimeUnit.MILLISECONDS)).as("paused for free: open past the timeout, three times over")
                        .isNull();
                release.countDown();
                for (int i = 0; i < 4; i++) assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("text");
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWith1008AndLoggedOnce() throws Exception {
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        List<Throwable> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        App app = newApp(c -> c.wsMaxQueuedBytes(64 * 1024).wsSlowClientTimeout(Duration.ofMillis(500)));
        byte[] chunk = new byte[16 * 1024];
        app.get("/ws", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) throws InterruptedException {
                // keeps sending while the socket is open: what the network buffers take first, then the queue
                long most = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (ws.isOpen() && System.nanoTime() < deadline) {
                    CompletableFuture<Void> sent = ws.sendBinary(chunk).toCompletableFuture();
                    if (sent.isCompletedExceptionally()) {
                        sent.whenComplete((v, e) -> { if (refused.isEmpty()) refused.add(e); });
                        Thread.sleep(5);
                    }
                    most = Math.max(most, ws.queuedBytes());
                }
                seen.add("queued:" + most);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                seen.add("close:" + code);
            }
        }));
        try (LogCapture log = LogCapture.of("dev.duet.ws.WebSocket")) {
            WsClient ws = open(serve(app));
            ws.stopReading();
            ws.sendText("go");
            String queued = seen.poll(30, TimeUnit.SECONDS);
            assertThat(queued).startsWith("queued:");
            assertThat(Long.parseLong(queued.substring(7))).as("never more queued than the cap").isLessThanOrEqualTo(64 * 1024);
            assertThat(refused).isNotEmpty();
            assertThat(refused.getFirst()).hasMessageContaining("wsMaxQueuedBytes");
            assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo("close:1008");
            assertThat(log.events(e -> e.getFormattedMessage().contains("read too slowly"))).hasSize(1);
        }
    }

    @Test
    void sendingOnAClosedSocketFails() throws Exception {
        Events events = new Events();
        WsClient ws = open(serveEcho(events, c -> c));
        assertThat(events.next()).isEqualTo("open");
        ws.close(1000, "");
        assertThat(events.closeEvent()).startsWith("close:1000");
        var sent = events.socket.sendText("late").toCompletableFuture();
        assertThat(sent).isCompletedExceptionally();
    }
}
