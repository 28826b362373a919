package dev.duet.spi;

import dev.duet.Request;
import dev.duet.Response;

import java.util.concurrent.CompletionStage;

/**
 * One request in flight, between a core and the app. The core writes {@link #response()} when it
 * completes (it never completes exceptionally: errors are already responses), then says
 * {@link #sent()}; or says {@link #abort()} if the client went away first.
 */
public interface Exchange {
    Request request();

    /** Completes, on any thread, with the response to write. */
    CompletionStage<Response> response();

    /** The core has handed the whole response to the network: background tasks may start. */
    void sent();

    /** The client went away before the response was sent: cancel the work. Idempotent. */
    void abort();
}
