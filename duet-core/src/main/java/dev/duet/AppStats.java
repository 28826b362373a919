package dev.duet;

import dev.duet.spi.Server;
import dev.duet.spi.ServerStats;

import java.util.Objects;
import java.util.Optional;

/**
 * Read-only figures of an app for metrics and dashboards, beyond those its own API shows
 * ({@link App#inFlight()}, {@link App#tasks()}): its WebSockets, and its server core's connections
 * and event loops once started. Every read is a counter or a size, cheap from any thread; nothing
 * is counted for this alone but the WebSocket totals, a few adder bumps per message. duet-metrics
 * turns these into gauges and counters.
 *
 * <pre>{@code
 * AppStats stats = AppStats.of(app);
 * int sockets = stats.openWebSockets();
 * int connections = stats.server().map(ServerStats::openConnections).orElse(0);
 * }</pre>
 */
public final class AppStats {
    /** Why a WebSocket ended, as {@link #webSocketsClosed} counts them. */
    public enum WebSocketEnd {
        /** Closed with 1008: its client read too slowly ({@code wsSlowClientTimeout}). */
        SLOW,
        /** Cut off (1006): it answered no ping within {@code wsPongTimeout}, with nothing queued for it. */
        DEAD,
        /** Its connection went away without a closing handshake (1006). */
        LOST,
        /** A closing handshake, begun by either side, with any code. */
        HANDSHAKE
    }

    private final App app;
    private final WebSockets sockets;

    private AppStats(App app) {
        this.app = app;
        this.sockets = app.answers().webSockets();
    }

    /** The figures of {@code app}; a view, so one may be kept and read again and again. */
    public static AppStats of(App app) {
        return new AppStats(Objects.requireNonNull(app, "app"));
    }

    /**
     * The running core's figures: empty before {@link App#start} (and under the test client or in
     * a WAR deployment, where Duet runs no core), or if the core keeps none.
     */
    public Optional<ServerStats> server() {
        Server server = app.lifecycle().server();
        return server == null ? Optional.empty() : server.stats();
    }

    /** WebSockets open now (handshakes accepted and not yet closed), bounded by {@code maxWebSockets}. */
    public int openWebSockets() {
        return sockets.open();
    }

    /** Bytes queued now for the clients of all the app's WebSockets, as {@code wsMaxTotalQueuedBytes} counts them. */
    public long webSocketQueuedBytes() {
        return sockets.budget().used();
    }

    /** The most {@link #webSocketQueuedBytes()} may reach: {@code wsMaxTotalQueuedBytes}, or its default. */
    public long webSocketQueueCap() {
        return sockets.budget().cap();
    }

    /** WebSocket messages received from clients since the app was created (whole messages, not frames). */
    public long webSocketMessagesReceived() {
        return sockets.counts().received.sum();
    }

    /** WebSocket messages written to clients since the app was created. */
    public long webSocketMessagesSent() {
        return sockets.counts().sent.sum();
    }

    /** WebSocket sends refused since the app was created: a socket's queue or the app's total was full. */
    public long webSocketSendsRefused() {
        return sockets.counts().refused.sum();
    }

    /** WebSockets that ended for {@code why} since the app was created. */
    public long webSocketsClosed(WebSocketEnd why) {
        return sockets.counts().closedCount(Objects.requireNonNull(why, "why"));
    }
}
