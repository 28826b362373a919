package dev.duet;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of an app's WebSockets, for {@link AppStats}: messages each way, sends refused,
 * and sockets closed by cause. Adders, not atomics: every socket of the app bumps the same ones,
 * from many threads at once.
 */
final class WebSocketCounts {
    final LongAdder received = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder refused = new LongAdder();
    private final LongAdder[] closed = new LongAdder[AppStats.WebSocketEnd.values().length];

    WebSocketCounts() {
        for (int i = 0; i < closed.length; i++) closed[i] = new LongAdder();
    }

    void closed(AppStats.WebSocketEnd cause) {
        closed[cause.ordinal()].increment();
    }

    long closedCount(AppStats.WebSocketEnd cause) {
        return closed[cause.ordinal()].sum();
    }
}
