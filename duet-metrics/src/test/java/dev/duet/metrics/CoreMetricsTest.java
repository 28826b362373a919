package dev.duet.metrics;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.conformance.RawWebSocket;
import dev.duet.netty.NettyCore;
import dev.duet.servlet.JettyCore;
import dev.duet.spi.ServerCore;
import dev.duet.sse.Event;
import dev.duet.sse.EventStream;
import dev.duet.ws.WebSocket;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's connections, the app's WebSockets and event streams, scraped as Prometheus reads
 * them, on both cores: each gauge rises when a socket or stream opens and falls back when it
 * closes; each counter moves by what happened.
 */
class CoreMetricsTest {
    private App app;
    private PrometheusMeterRegistry registry;

    @AfterEach
    void stop() {
        if (app != null) app.stop();
    }

    private static ServerCore core(String name) {
        return name.equals("netty") ? new NettyCore() : new JettyCore();
    }

    /** An app with metrics and an echo WebSocket at /echo, on {@code core}, configured by {@code config}. */
    private void start(String core, UnaryOperator<Config.Builder> config, Runnable routes) {
        app = App.create(config.apply(Config.builder().port(0).host("127.0.0.1").shutdownGrace(Duration.ofSeconds(2))).build());
        registry = DuetMetrics.prometheus(app);
        app.get("/echo", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText("echo:" + text);
            }
        }));
        routes.run();
        app.start(core(core));
    }

    private double await(double expected, String name, String... labels) throws InterruptedException {
        return Scrape.await(registry, v -> v == expected, name, labels);
    }

    @ParameterizedTest
    @ValueSource(strings = {"netty", "jetty"})
    void aWebSocketShowsWhileOpenAndItsMessagesAndItsCloseAreCounted(String core) throws Exception {
        start(core, c -> c, () -> { });
        String before = registry.scrape();
        assertThat(Scrape.value(before, "duet_connections_open")).isZero();
        assertThat(Scrape.value(before, "duet_websocket_open")).isZero();
        assertThat(Scrape.value(before, "duet_websocket_queued_limit_bytes")).isPositive();

        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            java.net.http.WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + app.port() + "/echo"), new java.net.http.WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
                            got.add(data.toString());
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            assertThat(await(1, "duet_websocket_open")).isEqualTo(1);
            assertThat(await(1, "duet_connections_open")).as("the socket's connection").isEqualTo(1);

            ws.sendText("a", true);
            ws.sendText("b", true);
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("echo:a");
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("echo:b");
            assertThat(await(2, "duet_websocket_messages_total", "direction", "in")).isEqualTo(2);
            assertThat(await(2, "duet_websocket_messages_total", "direction", "out")).isEqualTo(2);

            ws.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
            assertThat(await(0, "duet_websocket_open")).isZero();
            assertThat(await(1, "duet_websocket_closed_total", "cause", "handshake")).isEqualTo(1);
            assertThat(await(0, "duet_connections_open")).isZero();
        }
        String after = registry.scrape();
        assertThat(Scrape.value(after, "duet_websocket_closed_total", "cause", "slow")).isZero();
        assertThat(Scrape.value(after, "duet_websocket_closed_total", "cause", "dead")).isZero();
        assertThat(Scrape.value(after, "duet_websocket_sends_refused_total")).isZero();
        assertThat(Scrape.value(after, "duet_websocket_queued_bytes")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"netty", "jetty"})
    void aPeerThatAnswersNoPingIsCountedDeadAndOneThatLeavesLost(String core) throws Exception {
        start(core, c -> c.wsPingInterval(Duration.ofMillis(200)).wsPongTimeout(Duration.ofMillis(100)), () -> { });
        RawWebSocket silent = new RawWebSocket(app.port(), "/echo", Map.of());
        silent.ignorePings();
        assertThat(await(1, "duet_websocket_closed_total", "cause", "dead")).isEqualTo(1);
        silent.close();

        RawWebSocket leaving = new RawWebSocket(app.port(), "/echo", Map.of());
        assertThat(await(1, "duet_websocket_open")).isEqualTo(1);
        leaving.close(); // no close frame: the connection just ends
        assertThat(await(1, "duet_websocket_closed_total", "cause", "lost")).isEqualTo(1);
        assertThat(await(0, "duet_websocket_open")).isZero();
        assertThat(Scrape.value(registry.scrape(), "duet_websocket_closed_total", "cause", "handshake")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"netty", "jetty"})
    void aClientThatStopsReadingFillsTheQueueHasSendsRefusedAndIsCountedSlow(String core) throws Exception {
        start(core, c -> c.wsMaxQueuedBytes(64 * 1024).wsSlowClientTimeout(Duration.ofMillis(1500)), () ->
                app.get("/flood", req -> WebSocket.accept(new WebSocket.Handler() {
                    @Override
                    public void onText(WebSocket ws, String text) throws InterruptedException {
                        byte[] chunk = new byte[16 * 1024];
                        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                        while (ws.isOpen() && System.nanoTime() < deadline) {
                            if (ws.sendBinary(chunk).toCompletableFuture().isCompletedExceptionally()) Thread.sleep(5);
                        }
                    }
                })));
        RawWebSocket ws = new RawWebSocket(app.port(), "/flood", Map.of());
        try {
            ws.stopReading();
            ws.sendText("go");
            double queued = Scrape.await(registry, v -> v > 0, "duet_websocket_queued_bytes");
            assertThat(queued).as("bytes held for the client while it does not read").isPositive();
            assertThat(await(1, "duet_websocket_closed_total", "cause", "slow")).isEqualTo(1);
            String after = registry.scrape();
            assertThat(Scrape.value(after, "duet_websocket_sends_refused_total")).isPositive();
            assertThat(Scrape.value(after, "duet_websocket_messages_total", "direction", "out")).isPositive();
        } finally {
            ws.close();
        }
        assertThat(await(0, "duet_websocket_queued_bytes")).as("given back once the socket is gone").isZero();
        assertThat(await(0, "duet_websocket_open")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"netty", "jetty"})
    void anEventStreamShowsWhileItsClientReads(String core) throws Exception {
        start(core, c -> c, () -> app.get("/ticks", req -> EventStream.blocking(events -> {
            for (int n = 0; ; n++) {
                events.send(Event.data("tick " + n));
                Thread.sleep(50);
            }
        })));
        assertThat(Scrape.value(registry.scrape(), "duet_sse_open")).isZero();
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /ticks HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("tick 0")) {
                int b = in.read();
                assertThat(b).as("the stream answers").isNotNegative();
                seen.append((char) b);
            }
            assertThat(await(1, "duet_sse_open")).isEqualTo(1);
            assertThat(Scrape.value(registry.scrape(), "duet_connections_open")).isEqualTo(1);
        }
        assertThat(await(0, "duet_sse_open")).as("the client left").isZero();
        assertThat(await(0, "duet_connections_open")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"netty", "jetty"})
    void connectionsCountKeptAliveOnesAndOnlyNettyHasEventLoops(String core) throws Exception {
        start(core, c -> c.eventLoops(2), () -> app.get("/", req -> "hi"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            var res = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(res.body()).isEqualTo("hi");
            assertThat(await(1, "duet_connections_open")).as("kept alive after its response").isEqualTo(1);
        }
        String text = registry.scrape();
        if (core.equals("netty")) {
            assertThat(Scrape.count(text, "duet_eventloop_tasks_pending")).as("one series per loop").isEqualTo(2);
            assertThat(Scrape.count(text, "duet_eventloop_lag_seconds")).isEqualTo(2);
            assertThat(Scrape.count(text, "duet_eventloop_lag_max_seconds")).isEqualTo(2);
            assertThat(Scrape.value(text, "duet_eventloop_tasks_pending", "loop", "1")).isNotNaN();
        } else {
            assertThat(text).doesNotContain("duet_eventloop_");
        }
    }
}
