package dev.duet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every WebSocket of an app may hold queued for its clients together
 * ({@code wsMaxTotalQueuedBytes}). The per-socket cap alone lets 10 000 slow sockets hold
 * 10 000 x {@code wsMaxQueuedBytes}; this bounds their sum by the heap. A queued message is
 * charged its payload plus {@link #PER_MESSAGE}, since a broadcast's payload is shared but each
 * socket's frame, task and future are not.
 */
final class WebSocketBudget {
    private static final Logger log = LoggerFactory.getLogger("dev.duet.ws.WebSocket");
    /** Bytes a queued message costs beyond its payload (frame, write task, futures), measured on Netty. */
    static final long PER_MESSAGE = 512;

    private final long cap;
    private final AtomicLong used = new AtomicLong();
    private final AtomicBoolean full = new AtomicBoolean();

    /** {@code configured} bytes, or a quarter of the heap if zero. */
    WebSocketBudget(long configured) {
        this.cap = configured > 0 ? configured : Runtime.getRuntime().maxMemory() / 4;
    }

    long cap() {
        return cap;
    }

    long used() {
        return used.get();
    }

    /** Charges {@code cost}; false, charging nothing, if that would pass the cap. */
    boolean take(long cost) {
        if (used.addAndGet(cost) <= cap) return true;
        used.addAndGet(-cost);
        if (full.compareAndSet(false, true)) {
            log.warn("WebSocket sends refused: the app's sockets hold {} bytes queued for their clients, wsMaxTotalQueuedBytes is {};"
                    + " sockets whose queue does not drain are closed after wsSlowClientTimeout", used.get(), cap);
        }
        return false;
    }

    /** Gives back what {@link #take} charged. */
    void give(long cost) {
        if (used.addAndGet(-cost) <= cap / 2 && full.get()) full.set(false); // logs again only after the pressure has passed
    }
}
