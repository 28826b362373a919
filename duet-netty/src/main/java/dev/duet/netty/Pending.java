package dev.duet.netty;

import dev.duet.Response;
import dev.duet.spi.CoreErrors;
import dev.duet.spi.Exchange;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * A dispatched (or refused) request awaiting its turn in its connection's {@link ResponseQueue}.
 * Its own callbacks, to spare a lambda per request: {@link #accept} when the app's response
 * completes (any thread), {@link #run} to hop to the loop, {@link #operationComplete} when the
 * write is done (for it and for those sent in the same buffer after it).
 */
final class Pending implements BiConsumer<Response, Throwable>, Runnable, ChannelFutureListener {
    private static final Logger log = LoggerFactory.getLogger(Pending.class);

    final ResponseQueue responses;
    /** The request's method was HEAD. */
    final boolean head;
    /** The request lets the connection stay open after this response (its version and Connection header). */
    final boolean keepAlive;
    final HttpVersion version;
    /** A refusal: after it the connection half-closes and lingers (see {@link ResponseQueue#LINGER_MILLIS}). */
    final boolean linger;
    Exchange exchange;
    Response response; // set on the loop once ready
    /** The next response sent in the same buffer as this one ({@link ResponseQueue}'s batches): its listener is this one's. */
    Pending nextInBuffer;
    private Response result; // handed from the completing thread to the loop

    Pending(ResponseQueue responses, boolean head, boolean keepAlive, HttpVersion version, boolean linger) {
        this.responses = responses;
        this.head = head;
        this.keepAlive = keepAlive;
        this.version = version;
        this.linger = linger;
    }

    @Override
    public void accept(Response res, Throwable err) {
        if (err != null || res == null) {
            log.error("The response of {} completed exceptionally; answering 500",
                    exchange != null ? exchange.request() : "a request", err);
            res = CoreErrors.response(responses.config(), 500, "Internal Server Error", null);
        }
        EventExecutor loop = responses.executor();
        if (loop.inEventLoop()) {
            responses.ready(this, res);
            return;
        }
        result = res;
        try {
            loop.execute(this);
        } catch (RejectedExecutionException e) {
            if (exchange != null) exchange.abort();
        }
    }

    @Override
    public void run() {
        responses.ready(this, result);
    }

    @Override
    public void operationComplete(ChannelFuture future) {
        for (Pending p = this; p != null; p = p.nextInBuffer) {
            if (p.exchange != null) p.exchange.sent();
        }
    }
}
