package dev.duet.spi;

import java.time.Duration;

/** A running server core. */
public interface Server {
    /** The port actually bound (useful after binding port 0). */
    int port();

    /**
     * Stops accepting, lets in-flight requests finish within {@code grace}, then closes every
     * connection. Idempotent; returns when the server is down.
     */
    void stop(Duration grace);
}
