package dev.duet.metrics.internal;

import dev.duet.App;
import dev.duet.AppStats;
import dev.duet.spi.ServerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The meters of an app's server core, its WebSockets and event streams. The core's exist only
 * once it runs, so they are registered when the app starts; their lag probes are scheduled then
 * too, and only then, so an app without duet-metrics runs none.
 */
public final class ServerMeters {
    private ServerMeters() {
    }

    /** Registers {@code app}'s WebSocket and stream meters now, and its core's when it starts. Before start. */
    public static void bind(App app, MeterRegistry registry, Duration lagInterval) {
        AppStats stats = AppStats.of(app);
        bindSockets(app, stats, registry);
        app.onStart(() -> stats.server().ifPresent(server -> bindCore(app, server, registry, lagInterval)));
    }

    // The gauges hold the app weakly (Micrometer's default), as the app's own gauges do; what
    // they read is captured by their functions, so it lives as long as the meters.

    private static void bindSockets(App app, AppStats stats, MeterRegistry registry) {
        Gauge.builder("duet.websocket.open", app, a -> stats.openWebSockets())
                .description("WebSockets open").register(registry);
        Gauge.builder("duet.websocket.queued", app, a -> stats.webSocketQueuedBytes()).baseUnit("bytes")
                .description("Bytes queued for the clients of all WebSockets (wsMaxTotalQueuedBytes counts these)").register(registry);
        Gauge.builder("duet.websocket.queued.limit", app, a -> stats.webSocketQueueCap()).baseUnit("bytes")
                .description("wsMaxTotalQueuedBytes: the most all WebSockets may hold queued").register(registry);
        FunctionCounter.builder("duet.websocket.messages", app, a -> stats.webSocketMessagesReceived())
                .tag("direction", "in").description("WebSocket messages received").register(registry);
        FunctionCounter.builder("duet.websocket.messages", app, a -> stats.webSocketMessagesSent())
                .tag("direction", "out").description("WebSocket messages sent").register(registry);
        FunctionCounter.builder("duet.websocket.sends.refused", app, a -> stats.webSocketSendsRefused())
                .description("WebSocket sends refused: a socket's queue or all sockets' together was full").register(registry);
        for (AppStats.WebSocketEnd end : AppStats.WebSocketEnd.values()) {
            FunctionCounter.builder("duet.websocket.closed", app, a -> stats.webSocketsClosed(end))
                    .tag("cause", end.name().toLowerCase(Locale.ROOT))
                    .description("WebSockets ended: slow (1008), dead (no pong), lost (no close), handshake").register(registry);
        }
        Gauge.builder("duet.sse.open", app, a -> dev.duet.sse.EventStream.openStreams())
                .description("Event streams being written, in this JVM").register(registry);
    }

    private static void bindCore(App app, ServerStats server, MeterRegistry registry, Duration lagInterval) {
        Gauge.builder("duet.connections.open", app, a -> server.openConnections())
                .description("Connections open to the server core").register(registry);
        List<ServerStats.EventLoop> loops = server.eventLoops();
        for (int i = 0; i < loops.size(); i++) {
            ServerStats.EventLoop loop = loops.get(i);
            Tags tags = Tags.of("loop", Integer.toString(i)); // bounded: the core's loop count is fixed at start
            Gauge.builder("duet.eventloop.tasks.pending", app, a -> loop.pendingTasks()).tags(tags)
                    .description("Tasks queued on the event loop, not yet run").register(registry);
            if (lagInterval.isZero()) continue;
            LagProbe probe = new LagProbe(loop, lagInterval.toNanos(), () -> app.lifecycle().stopping());
            Gauge.builder("duet.eventloop.lag", app, a -> probe.lagSeconds()).tags(tags).baseUnit("seconds")
                    .description("How late the event loop ran its last lag probe (or is running the pending one)").register(registry);
            Gauge.builder("duet.eventloop.lag.max", app, a -> probe.maxSeconds()).tags(tags).baseUnit("seconds")
                    .description("The latest a lag probe ran on the event loop, over about the last minute").register(registry);
            probe.start();
        }
    }
}
