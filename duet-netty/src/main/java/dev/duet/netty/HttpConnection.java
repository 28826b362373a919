package dev.duet.netty;

import dev.duet.spi.CoreErrors;
import dev.duet.spi.OutgoingResponse;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Response;
import dev.duet.spi.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One HTTP/1.1 connection: reads requests, hands each to {@link App#dispatch} on the event loop,
 * and writes the responses back in request order. All its state is touched only on the
 * connection's event loop, so it needs no locks.
 *
 * <h2>Reading</h2>
 * The pipeline is {@link RequestDecoder} (Netty's {@code HttpRequestDecoder}, configured with
 * {@code maxUriLength} as its line limit and {@code maxHeaderSize} as its header limit), then
 * {@link ResponseEncoder}, then this handler. This handler does its own body aggregation rather
 * than using {@code HttpObjectAggregator}, because it needs things the aggregator does not do:
 * Duet's 413 message, a 413 <em>before</em> {@code 100 Continue} is sent, a 100 Continue that
 * waits its turn behind pipelined responses, copying the body straight into the {@code byte[]}
 * that {@link dev.duet.spi.RawRequest#body()} returns (no composite buffer, no copy at the end: a
 * body up to 64 KiB gets its exact array at once, a larger one grows to exactly its Content-Length
 * as it arrives, so a client cannot make the server reserve memory it never sends), and knowing
 * when a request is complete for the read timeout.
 *
 * <h2>Pipelining</h2>
 * Each complete request is dispatched at once, so several may be in flight on one connection (a
 * blocking handler on its virtual thread while the next one runs on the loop). A per-connection
 * FIFO of {@link Pending} entries is the reorder buffer: a response that completes early waits
 * until every response before it has been written. Reading pauses (auto-read off) while
 * {@value #MAX_PIPELINED} responses are pending or while the socket is not writable, so a client
 * that sends without reading cannot make the queue grow without bound. Writes made while handling
 * a read batch are flushed once, in {@code channelReadComplete}; writes of responses that became
 * ready elsewhere (on virtual threads) are flushed by one task queued behind them, so those that
 * become ready together share a write.
 *
 * <h2>Timers</h2>
 * One scheduled task per connection at most, re-armed lazily: it checks the read deadline (a
 * request that has started arriving must be complete within {@code readTimeout}, else 408) and
 * the idle deadline (no request in progress for {@code idleTimeout}: close). Busy connections
 * (requests being handled) have neither.
 *
 * <h2>Errors</h2>
 * A request the core refuses (413, 414, 431, 400, 408, 417) gets a short response naming the limit
 * and its knob, queued in order behind earlier responses; then the connection stops serving,
 * half-closes after the response and discards input for a moment before closing (a lingering
 * close, so that a client still sending its body reads the answer instead of a reset).
 */
final class HttpConnection extends ChannelInboundHandlerAdapter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

    /** Responses that may wait on one connection before it stops reading more requests. */
    static final int MAX_PIPELINED = 16;
    /** How long a refused connection keeps discarding input after its error response. */
    static final long LINGER_MILLIS = 1000;

    private static final byte[] NO_BODY = new byte[0];
    private static final int INITIAL_BODY = 64 * 1024;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final HttpHeadersFactory RESPONSE_HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false).withCombiningHeaders(false);

    private final NettyServer server;
    private final App app;
    private final Config config;
    private final long maxBody;
    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;

    private ChannelHandlerContext ctx;
    private Channel channel;
    private InetSocketAddress remote;

    // the request being read
    private boolean reading;
    private long readStart;
    private HttpRequest head;
    private byte[] body;
    private int bodyLength;
    private long expected;
    private boolean awaitingContinue;

    // responses
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(4);
    private StreamWriter stream;
    private boolean inRead;
    private boolean flushQueued;
    private boolean needsFlush;
    private boolean closing;
    private boolean closed;
    private boolean autoRead = true;
    private long idleSince;

    // the one timer
    private ScheduledFuture<?> timer;
    private long timerAt;

    HttpConnection(NettyServer server, App app) {
        this.server = server;
        this.app = app;
        this.config = app.config();
        this.maxBody = Math.min(config.maxBodySize(), MAX_ARRAY);
        this.readTimeoutNanos = config.readTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
    }

    // ---- lifecycle ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        if (Thread.currentThread() instanceof LoopThreads.LoopThread t) t.bind(ctx.executor());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        remote = (InetSocketAddress) channel.remoteAddress();
        server.register(this);
        if (server.draining()) {
            ctx.close();
            return;
        }
        becomeIdleIfDone();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        server.unregister(this);
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        head = null;
        body = null;
        // The client went away: cancel the work of every request whose response was not written.
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
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Connection from {} failed: {}", remote, cause.toString());
        } else {
            log.warn("Connection from {} failed", remote, cause);
        }
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        StreamWriter s = stream;
        if (s != null) s.writabilityChanged();
        updateAutoRead();
        super.channelWritabilityChanged(ctx);
    }

    // ---- reading ----

    /** From the decoder: a request line has been parsed. */
    void messageStarted() {
        if (!reading) startReading(System.nanoTime());
    }

    /** From the decoder, after each read: {@code partial} if it holds bytes of an unfinished request line. */
    void afterDecode(boolean partial) {
        if (partial && !reading && !closing && !closed) startReading(System.nanoTime());
    }

    private void startReading(long now) {
        reading = true;
        readStart = now;
        idleSince = 0;
        if (autoRead && !closing) arm(now + readTimeoutNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inRead = true;
        try {
            if (!closing) {
                if (msg instanceof HttpRequest req) onHead(req);
                if (!closing && msg instanceof HttpContent c) onContent(c);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    private void onHead(HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            decodeFailed(req.decoderResult().cause(), false);
            return;
        }
        if (!reading) startReading(System.nanoTime());
        head = req;
        body = null;
        bodyLength = 0;
        HttpHeaders h = req.headers();
        if (h.contains(HttpHeaderNames.TRANSFER_ENCODING) && !HttpUtil.isTransferEncodingChunked(req)) {
            fail(400, "Unsupported Transfer-Encoding: " + h.get(HttpHeaderNames.TRANSFER_ENCODING)
                    + " (chunked must be the final coding)", req);
            return;
        }
        long length = HttpUtil.getContentLength(req, -1L);
        if (length > maxBody) {
            fail(413, CoreErrors.bodyTooLarge(config), req);
            return;
        }
        String expect = h.get(HttpHeaderNames.EXPECT);
        if (expect != null && req.protocolVersion().minorVersion() >= 1) {
            if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
                fail(417, CoreErrors.expectation(expect), req);
                return;
            }
            if (length != 0) { // no body coming, nothing to continue
                if (queue.isEmpty() && stream == null) writeContinue();
                else awaitingContinue = true; // a 100 must not overtake earlier responses
            }
        }
        expected = length;
        // Sized from Content-Length, but a client only gets what it sends: a large declared body
        // starts smaller and grows (up to exactly its length) as bytes arrive.
        if (length > 0) body = new byte[(int) Math.min(length, INITIAL_BODY)];
    }

    private void onContent(HttpContent c) {
        if (c.decoderResult().isFailure()) {
            decodeFailed(c.decoderResult().cause(), true);
            return;
        }
        if (head == null) return;
        ByteBuf data = c.content();
        int n = data.readableBytes();
        if (n > 0) {
            long total = (long) bodyLength + n;
            if (total > maxBody) {
                fail(413, CoreErrors.bodyTooLarge(config), head);
                return;
            }
            long bound = expected > 0 ? expected : maxBody;
            if (body == null) {
                body = new byte[(int) Math.min(bound, Math.max(n, 4096))];
            } else if (total > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(bound, Math.max(total, body.length * 2L)));
            }
            data.getBytes(data.readerIndex(), body, bodyLength, n);
            bodyLength = (int) total;
        }
        if (c instanceof LastHttpContent) requestComplete();
    }

    private void requestComplete() {
        HttpRequest req = head;
        byte[] bytes = bodyLength == 0 ? NO_BODY : body.length == bodyLength ? body : Arrays.copyOf(body, bodyLength);
        head = null;
        body = null;
        bodyLength = 0;
        reading = false;
        awaitingContinue = false;
        dispatch(req, bytes);
    }

    private void dispatch(HttpRequest req, byte[] bytes) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) closing = true;
        Pending p = new Pending(this, req.method() == HttpMethod.HEAD, keepAlive, req.protocolVersion(), false);
        queue.addLast(p);
        idleSince = 0;
        NettyRequest raw = new NettyRequest(req.method().name(), req.uri(), new NettyHeaders(req.headers()), bytes, remote);
        try {
            p.exchange = app.dispatch(raw);
        } catch (Throwable t) {
            log.error("App.dispatch failed for {}", raw, t);
            p.response = CoreErrors.response(config, 500, "Internal Server Error", req.headers().get(HttpHeaderNames.ACCEPT));
            drain();
            return;
        }
        p.exchange.response().whenComplete(p);
        if (queue.size() >= MAX_PIPELINED) updateAutoRead();
    }

    private void decodeFailed(Throwable cause, boolean inBody) {
        if (cause instanceof TooLongHttpHeaderException) {
            fail(431, CoreErrors.headersTooLarge(config), null);
        } else if (cause instanceof TooLongHttpLineException && !inBody) {
            fail(414, CoreErrors.uriTooLong(config), null);
        } else {
            log.debug("Malformed request from {}", remote, cause);
            fail(400, CoreErrors.malformed(cause == null ? null : cause.getMessage()), null);
        }
    }

    /**
     * Refuses the request being read: answers {@code status} in turn, then stops serving this
     * connection and closes it (lingering).
     */
    private void fail(int status, String message, HttpRequest req) {
        closing = true;
        reading = false;
        head = null;
        body = null;
        bodyLength = 0;
        awaitingContinue = false;
        Pending p = new Pending(this, req != null && req.method() == HttpMethod.HEAD, false,
                req != null ? req.protocolVersion() : HttpVersion.HTTP_1_1, true);
        p.response = CoreErrors.response(config, status, message, req != null ? req.headers().get(HttpHeaderNames.ACCEPT) : null);
        queue.addLast(p);
        drain();
    }

    private void writeContinue() {
        // (fresh headers: the encoder strips Content-Length from 1xx responses, which read-only headers refuse)
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }

    // ---- writing, in order ----

    /** On the loop: {@code p}'s response is ready. */
    void ready(Pending p, Response res) {
        if (closed) return;
        p.response = res;
        drain();
    }

    /** Writes every response at the head of the queue that is ready, in order. */
    private void drain() {
        Pending p;
        while (stream == null && !closed && (p = queue.peekFirst()) != null && p.response != null) {
            queue.pollFirst();
            write(p);
        }
        if (closed || stream != null || !queue.isEmpty()) {
            updateAutoRead();
            return;
        }
        if (awaitingContinue) {
            awaitingContinue = false;
            writeContinue();
        }
        becomeIdleIfDone();
        updateAutoRead();
    }

    private void write(Pending p) {
        OutgoingResponse out = OutgoingResponse.of(p.response, p.head, config);
        boolean http11 = p.version.isKeepAliveDefault();
        boolean close = !p.keepAlive || (server.draining() && queue.isEmpty()) || out.closeAsked()
                || (out.framing() == OutgoingResponse.Framing.STREAM && !http11); // HTTP/1.0 has no chunks: the body ends with the connection
        if (close) closing = true;
        HttpHeaders h = RESPONSE_HEADERS.newHeaders();
        out.writeHeaders(h, server.headerSink(http11), close);
        HttpResponseStatus status = HttpResponseStatus.valueOf(out.status());
        if (out.streamsBody()) {
            ctx.writeAndFlush(new DefaultHttpResponse(p.version, status, h));
            needsFlush = false;
            StreamWriter s = new StreamWriter(this, channel, p.exchange, out.stream(), close);
            stream = s;
            s.start();
            return;
        }
        FullHttpResponse msg;
        if (out.hasBody()) {
            byte[] bytes = out.body();
            ByteBuf content = bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
            msg = new DefaultFullHttpResponse(p.version, status, content, h, EmptyHttpHeaders.INSTANCE);
        } else {
            msg = new ResponseEncoder.HeadResponse(p.version, status, h);
        }
        ChannelFuture f = ctx.write(msg);
        if (p.exchange != null) f.addListener(p);
        if (close) {
            ctx.flush();
            f.addListener(p.linger ? LINGER_CLOSE : ChannelFutureListener.CLOSE);
        } else if (inRead) {
            needsFlush = true;
        } else {
            flushSoon();
        }
    }

    /**
     * A response that became ready outside a read (its handler ran on a virtual thread) is flushed
     * by a task queued behind the loop's pending tasks, so responses completing in the same turn
     * of the loop (other pipelined requests, other virtual threads) share one write to the socket.
     */
    private void flushSoon() {
        needsFlush = true;
        if (flushQueued) return;
        flushQueued = true;
        ctx.executor().execute(flushTask);
    }

    private final Runnable flushTask = () -> {
        flushQueued = false;
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    };

    /** On the loop: the streamed body {@code s} is over; {@code ok} if it ended with its last chunk. */
    void streamEnded(StreamWriter s, boolean ok, boolean close) {
        if (stream == s) stream = null;
        if (closed) return;
        if (!ok || close) {
            closing = true;
            ctx.close();
            return;
        }
        drain();
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

    // ---- flow control ----

    private void updateAutoRead() {
        if (closed) return;
        boolean want = closing || (queue.size() < MAX_PIPELINED && channel.isWritable());
        if (want == autoRead) return;
        autoRead = want;
        channel.config().setAutoRead(want);
        if (want && reading) {
            // The client could not send while we were not reading: its read clock restarts.
            readStart = System.nanoTime();
            arm(readStart + readTimeoutNanos);
        }
    }

    // ---- idleness, timeouts, shutdown ----

    private void becomeIdleIfDone() {
        if (closing || closed || reading || !queue.isEmpty() || stream != null || idleSince != 0) return;
        if (server.draining()) {
            ctx.close();
            return;
        }
        idleSince = System.nanoTime();
        arm(idleSince + idleTimeoutNanos);
    }

    /** Schedules the check at {@code deadline} unless one is already due no later. */
    private void arm(long deadline) {
        if (timer != null) {
            if (timerAt - deadline <= 0) return;
            timer.cancel(false);
        }
        timerAt = deadline;
        timer = ctx.executor().schedule(this, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** The timer: enforces the read and idle timeouts, then re-arms for whichever applies next. */
    @Override
    public void run() {
        timer = null;
        if (closed || closing) return;
        long now = System.nanoTime();
        if (reading) {
            if (!autoRead) return; // re-armed when reading resumes
            long due = readStart + readTimeoutNanos;
            if (now - due >= 0) {
                log.debug("Read timeout on a request from {}", remote);
                fail(408, CoreErrors.readTimeout(config), head);
            } else {
                arm(due);
            }
            return;
        }
        if (idleSince != 0 && queue.isEmpty() && stream == null) {
            long due = idleSince + idleTimeoutNanos;
            if (now - due >= 0) {
                log.debug("Closing idle connection from {}", remote);
                closing = true;
                ctx.close();
            } else {
                arm(due);
            }
        }
    }

    /** Shutdown has begun: close now if no request is in progress (on any thread). */
    void drainStarted() {
        execute(() -> {
            if (!closed && !reading && queue.isEmpty() && stream == null) ctx.close();
        });
    }

    /** Shutdown grace is over: close whatever is left (on any thread). */
    void forceClose() {
        channel.close();
    }

    private void execute(Runnable task) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // the loop is shutting down; the channel is being closed with it
        }
    }

    EventExecutor executor() {
        return ctx.executor();
    }

    // ---- one request in the reorder buffer ----

    /**
     * A dispatched (or refused) request awaiting its turn to be written. Its own callbacks, to
     * spare a lambda per request: {@link #accept} when the app's response completes (any thread),
     * {@link #run} to hop to the loop, {@link #operationComplete} when the write is done.
     */
    static final class Pending implements BiConsumer<Response, Throwable>, Runnable, ChannelFutureListener {
        final HttpConnection connection;
        final boolean head;
        final boolean keepAlive;
        final HttpVersion version;
        final boolean linger;
        Exchange exchange;
        Response response; // set on the loop once ready
        private Response result; // handed from the completing thread to the loop

        Pending(HttpConnection connection, boolean head, boolean keepAlive, HttpVersion version, boolean linger) {
            this.connection = connection;
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
                res = CoreErrors.response(connection.config, 500, "Internal Server Error", null);
            }
            EventExecutor loop = connection.executor();
            if (loop.inEventLoop()) {
                connection.ready(this, res);
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
            connection.ready(this, result);
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            exchange.sent();
        }
    }
}
