package dev.duet.netty;

import dev.duet.Config;
import dev.duet.Response;
import dev.duet.spi.OutgoingResponse;
import dev.duet.spi.WebSocketAccept;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The responses of one connection, written in request order. Touched only on the connection's
 * event loop.
 *
 * <h2>Order</h2>
 * Requests are dispatched as soon as they are read, so several may be in flight on one
 * connection (a blocking handler on its virtual thread while the next one runs on the loop). This
 * FIFO of {@link Pending} entries is the reorder buffer: a response that completes early waits
 * until every response before it has been written, and so does a {@code 100 Continue}. A streamed
 * body holds the queue until its last chunk. What is written is decided by
 * {@link OutgoingResponse}; what is left here is Netty's messages, the connection's fate and when
 * to flush.
 *
 * <h2>Writing and flushing</h2>
 * Responses that become ready while the connection handles a read batch are written when the
 * batch ends ({@link #endRead}); those that become ready elsewhere (on virtual threads) by one
 * task queued behind them. Either way the responses ready together (pipelined ones) are encoded
 * back to back into one buffer ({@link HeadBytes#append}): one write, one promise, one flush.
 *
 * <h2>Closing</h2>
 * After a response that closes the connection (the client's wish, the app's, a stop, HTTP/1.0
 * streaming) the connection closes once it is written; after a refusal it half-closes and
 * discards input for {@value #LINGER_MILLIS} ms first (a lingering close, so that a client still
 * sending its body reads the answer instead of a reset).
 */
final class ResponseQueue {
    private static final Logger log = LoggerFactory.getLogger(ResponseQueue.class);

    /** How long a refused connection keeps discarding input after its error response. */
    static final long LINGER_MILLIS = 1000;

    private final HttpConnection connection;
    private final ChannelHandlerContext ctx;
    /** Netty's encoder: writes made through it skip it, for responses already encoded ({@link HeadBytes}). */
    private final ChannelHandlerContext encoded;
    private final NettyServer server;
    private final Config config;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(4);
    private final Runnable writeTask = this::writeQueued;
    /** The bodies small enough to go into a shared buffer; a bigger one is copied once, straight into its own. */
    private static final int SHARED_BUFFER_BODY_LIMIT = 8192;
    private StreamWriter stream;
    /** A read batch or the write task is under way: what becomes ready is written, and what is written flushed, at its end. */
    private boolean inPass;
    private boolean taskQueued;
    /** Responses became ready and are not written yet. */
    private boolean drainWanted;
    private boolean needsFlush;
    private boolean continueDue;
    /** The responses appended to this thread's shared buffer and not sent yet, in order (linked by {@link Pending#nextInBuffer}). */
    private Pending bufferedFirst;
    private Pending bufferedLast;

    ResponseQueue(HttpConnection connection, ChannelHandlerContext ctx, NettyServer server, Config config) {
        this.connection = connection;
        this.ctx = ctx;
        this.encoded = ctx.pipeline().context(NettyServer.ENCODER);
        this.server = server;
        this.config = config;
    }

    Config config() {
        return config;
    }

    EventExecutor executor() {
        return ctx.executor();
    }

    /** Queues {@code p} behind every response not written yet. */
    void add(Pending p) {
        queue.addLast(p);
    }

    /** Responses not written yet. */
    int size() {
        return queue.size();
    }

    /** True if every response has been written, streamed bodies included. */
    boolean idle() {
        return queue.isEmpty() && stream == null;
    }

    /** On the loop: {@code p}'s response is ready; it is written with the others ready by then (see the class comment). */
    void ready(Pending p, Response res) {
        if (connection.closed()) return;
        p.response = res;
        drainWanted = true;
        if (!inPass) queueWriteTask();
    }

    /** A {@code 100 Continue} for the request being read: now, or once the responses before it are written. */
    void sendContinue() {
        if (idle()) writeContinue();
        else continueDue = true;
    }

    /** The request that wanted a {@code 100 Continue} is over (read whole, or refused): it no longer does. */
    void cancelContinue() {
        continueDue = false;
    }

    /** Writes every response at the head of the queue that is ready, in order. */
    void drain() {
        Pending p;
        while (stream == null && !connection.closed() && (p = queue.peekFirst()) != null && p.response != null) {
            queue.pollFirst();
            write(p);
        }
        sendBuffered();
        if (continueDue && idle() && !connection.closed()) {
            continueDue = false;
            writeContinue();
        }
        connection.responsesWritten();
    }

    private void write(Pending p) {
        OutgoingResponse out = OutgoingResponse.of(p.response, p.head, config);
        boolean http11 = p.version.isKeepAliveDefault();
        WebSocketAccept accept = WebSocketAccept.of(p.response);
        if (accept != null) {
            sendBuffered();
            writeUpgrade(p, out, accept, http11);
            return;
        }
        boolean close = !p.keepAlive || ((server.draining() || connection.inputShut()) && queue.isEmpty()) || out.closeAsked()
                || (out.chunked() && !http11); // HTTP/1.0 has no chunks: a body of unknown length ends with the connection
        if (close) connection.closeAfterResponses();
        if (!close && !out.streamsBody() && (!out.hasBody() || out.body().length <= SHARED_BUFFER_BODY_LIMIT)) {
            HeadBytes.append(out, server.headBytesSink(http11), false);
            if (bufferedLast == null) bufferedFirst = p;
            else bufferedLast.nextInBuffer = p;
            bufferedLast = p;
            return;
        }
        sendBuffered();
        if (out.streamsBody()) {
            HttpHeaders h = NettyHeaderSink.newHeaders();
            out.writeHeaders(h, server.headerSink(http11), close);
            ctx.writeAndFlush(new DefaultHttpResponse(p.version, HttpResponseStatus.valueOf(out.status()), h));
            needsFlush = false;
            StreamWriter s = new StreamWriter(this, ctx.channel(), p.exchange, out.stream(), close);
            stream = s;
            s.start();
            return;
        }
        // Encoded whole here, so it goes out past Netty's encoder (which would take it for content).
        ByteBuf msg = HeadBytes.encode(ctx.alloc(), out, server.headBytesSink(http11), close);
        ChannelFuture f = encoded.write(msg);
        if (p.exchange != null) f.addListener(p);
        if (close) {
            ctx.flush();
            f.addListener(p.linger ? LINGER_CLOSE : ChannelFutureListener.CLOSE);
        } else {
            flushAfter();
        }
    }

    /** Sends the responses appended to the shared buffer, if any, as one write. */
    private void sendBuffered() {
        Pending first = bufferedFirst;
        if (first == null) return;
        bufferedFirst = null;
        bufferedLast = null;
        encoded.write(HeadBytes.take(ctx.alloc())).addListener(first);
        flushAfter();
    }

    /** What was just written is flushed at the end of the read batch or drain task under way, else soon. */
    private void flushAfter() {
        if (inPass) needsFlush = true;
        else flushSoon();
    }

    /**
     * A WebSocket handshake the app accepted: the 101, then the connection is frames
     * ({@link NettyWebSocket}); if the 101 cannot be written, the socket's place is given back.
     */
    private void writeUpgrade(Pending p, OutgoingResponse out, WebSocketAccept accept, boolean http11) {
        connection.upgrading();
        HttpHeaders h = NettyHeaderSink.newHeaders();
        out.writeHeaders(h, server.headerSink(http11), false);
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        ChannelFuture f = ctx.writeAndFlush(new DefaultFullHttpResponse(p.version, HttpResponseStatus.SWITCHING_PROTOCOLS,
                Unpooled.EMPTY_BUFFER, h, EmptyHttpHeaders.INSTANCE));
        if (p.exchange != null) f.addListener(p);
        f.addListener(x -> {
            if (x.isSuccess() && ctx.channel().isActive()) connection.upgraded(accept);
            else accept.abandon();
        });
    }

    private void writeContinue() {
        // (fresh headers: the encoder strips Content-Length from 1xx responses, which read-only headers refuse)
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }

    // ---- flushing ----

    /** The connection handles a batch of reads: what is written meanwhile is flushed at its end. */
    void beginRead() {
        inPass = true;
    }

    /** The batch of reads is over: writes the responses it made ready, and flushes. */
    void endRead() {
        finishPass();
    }

    /**
     * What became ready or was written outside a read (a handler on a virtual thread, say) is
     * written and flushed by one task queued behind the loop's pending tasks, so responses
     * completing in the same turn of the loop (other pipelined requests, other virtual threads)
     * share one write to the socket.
     */
    private void flushSoon() {
        needsFlush = true;
        queueWriteTask();
    }

    private void queueWriteTask() {
        if (taskQueued) return;
        taskQueued = true;
        ctx.executor().execute(writeTask);
    }

    private void writeQueued() {
        taskQueued = false;
        inPass = true;
        finishPass();
    }

    private void finishPass() {
        try {
            while (drainWanted) { // (a response completed by what the drain set off is not left behind)
                drainWanted = false;
                drain();
            }
        } finally {
            inPass = false;
        }
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    // ---- streamed bodies ----

    /** On the loop: the streamed body {@code s} is over; {@code ok} if it ended with its last chunk. */
    void streamEnded(StreamWriter s, boolean ok, boolean close) {
        if (stream == s) stream = null;
        if (connection.closed()) return;
        if (!ok || close) {
            connection.closeAfterResponses();
            ctx.close();
            return;
        }
        drain();
    }

    /** The channel's writability changed: a streamed body waiting to write may go on. */
    void writabilityChanged() {
        StreamWriter s = stream;
        if (s != null) s.writabilityChanged();
    }

    /** The connection is closed: cancels the work of every request whose response was not written. */
    void connectionClosed() {
        Pending p;
        while ((p = queue.pollFirst()) != null) {
            if (p.exchange != null) {
                try {
                    p.exchange.abort();
                } catch (RuntimeException e) {
                    log.warn("Aborting {} failed", p.exchange.request(), e);
                }
            }
        }
        StreamWriter s = stream;
        if (s != null) s.connectionClosed();
    }

    /** After an error response: half-close, discard what the client still sends, then close. */
    private static final ChannelFutureListener LINGER_CLOSE = f -> {
        Channel ch = f.channel();
        if (!f.isSuccess() || !ch.isActive() || !(ch instanceof DuplexChannel d)) {
            ch.close();
            return;
        }
        d.shutdownOutput().addListener(x -> {
            if (!x.isSuccess()) ch.close();
            else ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    };
}
