package dev.duet.spi;

import java.time.Duration;
import java.util.Optional;

/** A running server core. */
public interface Server {
    /** The port actually bound (useful after binding port 0). */
    int port();

    /**
     * Stops accepting, lets in-flight requests finish within {@code grace}, then closes every
     * connection. Idempotent; returns when the server is down.
     */
    void stop(Duration grace);

    /** Its figures for metrics (open connections, event loops), or empty for a core that keeps none. */
    default Optional<ServerStats> stats() {
        return Optional.empty();
    }
}
