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
    /** The request this exchange answers, as the app sees it; also what a core names in its log lines about it. */
    Request request();

    /**
     * Runs the request's chain as far as it goes on this thread: at once to the end on a blocking
     * core's thread named at {@link dev.duet.App#open}, or up to its first wait or hop elsewhere.
     * {@link dev.duet.App#dispatch} has called it already; a core that used {@code open} calls it
     * once. Does nothing for a request answered at the door or aborted before it started.
     */
    void start();

    /** Completes, on any thread, with the response to write. */
    CompletionStage<Response> response();

    /** The core has handed the whole response to the network: background tasks may start. */
    void sent();

    /** The client went away before the response was sent: cancel the work. Idempotent. */
    void abort();
}
