package dev.duet.netty;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.spi.CoreErrors;
import dev.duet.spi.MultipartForm;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;

/**
 * One HTTP/1.1 connection, as Netty's last inbound handler: the glue between the channel's events,
 * the app and the connection's three parts. All its state is touched only on the connection's
 * event loop, so it needs no locks.
 * <ul>
 * <li>{@link RequestReader} turns decoded messages into whole requests (or refusals); each whole
 *     request is handed to {@link App#dispatch} at once, on the loop ({@link #requestRead}).
 * <li>{@link ResponseQueue} writes the responses back in request order (pipelining), and decides
 *     with {@link dev.duet.spi.OutgoingResponse} what each one sends.
 * <li>{@link ConnectionDeadlines} enforces the read and idle timeouts.
 * </ul>
 * What stays here is what they share: whether the connection is closing or closed, flow control,
 * and the calls of {@link NettyServer} when it stops.
 *
 * <h2>Flow control</h2>
 * Reading pauses (auto-read off) while {@value #MAX_PIPELINED} responses are pending or while the
 * socket is not writable, so a client that sends without reading cannot make the queue grow
 * without bound; and while an upload's parser is behind ({@link StreamedUpload}), so a client
 * faster than the disk cannot fill the heap.
 *
 * <h2>Refusals</h2>
 * A request the core refuses (413, 414, 431, 400, 408, 417) gets a short response naming the limit
 * and its knob, queued in order behind earlier responses; then the connection stops serving,
 * half-closes after the response and discards input for a moment before closing (a lingering
 * close, see {@link ResponseQueue}).
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

    /**
     * Responses that may wait on one connection before it stops reading more requests. Above the
     * depth clients pipeline to (16 for wrk and TechEmpower): at exactly that depth each batch
     * paused and resumed reading, two {@code epoll_ctl} calls per batch, 3 % of the CPU.
     */
    static final int MAX_PIPELINED = 32;
    /** How long requests in progress when the client half-closes may take to be answered: see {@link #userEventTriggered}. */
    static final long HALF_CLOSE_GRACE_MILLIS = 100;

    private final NettyServer server;
    private final App app;
    private final Config config;

    private ChannelHandlerContext ctx;
    private Channel channel;
    private InetSocketAddress remote;
    private RequestReader requests;
    private ResponseQueue responses;
    private ConnectionDeadlines deadlines;

    /** No more requests are read: the connection closes once its responses are written. */
    private boolean closing;
    private boolean closed;
    /** The client shut its sending side down. */
    private boolean inputShut;
    private boolean autoRead = true;
    /** A WebSocket handshake is being answered: from now on the connection is no HTTP connection. */
    private boolean upgrading;
    private NettyWebSocket webSocket;

    HttpConnection(NettyServer server, App app) {
        this.server = server;
        this.app = app;
        this.config = app.config();
    }

    // ---- Netty's events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        this.requests = new RequestReader(this, config);
        this.responses = new ResponseQueue(this, ctx, server, config);
        this.deadlines = new ConnectionDeadlines(this, ctx.executor(), config);
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
        deadlines.cancel();
        requests.discard();
        // The client went away: cancel the work of every request whose response was not written.
        responses.connectionClosed();
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

    /**
     * The client shut its sending side down (or closed the connection: from here the two look the
     * same). Whole requests it sent before are answered; then the connection closes. A request
     * still being handled after {@value #HALF_CLOSE_GRACE_MILLIS} ms is taken for one whose client
     * left, and cancelled, as when the connection closes: only a write could tell a half-close from
     * a close, and there may be nothing to write for a long time.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent && !upgrading && webSocket == null) {
            inputShut = true;
            closing = true;
            requests.discard();
            deadlines.requestRead();
            if (responses.idle()) {
                ctx.close();
            } else {
                ctx.executor().schedule(() -> {
                    if (!closed) ctx.close();
                }, HALF_CLOSE_GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /** True once the client has shut its side down: the last response written closes the connection. */
    boolean inputShut() {
        return inputShut;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        responses.writabilityChanged();
        updateAutoRead();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        responses.beginRead();
        try {
            if (!closing && !requests.defer(msg)) {
                if (msg instanceof HttpRequest req) requests.onHead(req);
                if (!closing && msg instanceof HttpContent c) requests.onContent(c);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Reads again what arrived behind an upload that was still being parsed, as if it came now. */
    void replay(java.util.Deque<Object> messages) {
        Object msg;
        while ((msg = messages.poll()) != null) channelRead(ctx, msg);
        responses.endRead();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        responses.endRead();
        ctx.fireChannelReadComplete();
    }

    // ---- from the decoder ----

    /** A request line has been parsed. */
    void messageStarted() {
        deadlines.requestArriving();
    }

    /** The head being decoded has a header folded over two lines. */
    void foldedHeader() {
        requests.folded();
    }

    /** After each read: {@code partial} if the decoder holds bytes of an unfinished request line. */
    void afterDecode(boolean partial) {
        if (partial && !closing && !closed) deadlines.requestArriving();
    }

    // ---- from the parts ----

    InetSocketAddress remote() {
        return remote;
    }

    boolean closing() {
        return closing;
    }

    boolean closed() {
        return closed;
    }

    /** True if the connection reads: not paused by flow control, not closing. */
    boolean readsEnabled() {
        return autoRead && !closing;
    }

    boolean responsesIdle() {
        return responses.idle();
    }

    /** The response being written closes the connection: no more requests are read. */
    void closeAfterResponses() {
        closing = true;
    }

    /** The request being read has a head. */
    void requestArriving() {
        deadlines.requestArriving();
    }

    /** The request being read asks for {@code 100 Continue}. */
    void continueWanted() {
        responses.sendContinue();
    }

    EventExecutor executor() {
        return ctx.executor();
    }

    /**
     * A whole request (its body in {@code body}, or parsed as {@code form}, which the request owns
     * from now on): hands it to the app, its response queued behind those before it.
     */
    void requestRead(HttpRequest req, byte[] body, MultipartForm form) {
        deadlines.requestRead();
        responses.cancelContinue();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) closing = true;
        Pending p = new Pending(responses, req.method() == HttpMethod.HEAD, keepAlive, req.protocolVersion(), false);
        responses.add(p);
        deadlines.busy();
        NettyRequest raw = new NettyRequest(req.method().name(), req.uri(), new NettyHeaders(req.headers()), body, remote, form, this);
        try {
            p.exchange = app.dispatch(raw);
        } catch (Throwable t) {
            log.error("App.dispatch failed for {}", raw, t);
            if (form != null) form.delete();
            p.response = CoreErrors.response(config, 500, "Internal Server Error", req.headers().get(HttpHeaderNames.ACCEPT));
            responses.drain();
            return;
        }
        p.exchange.response().whenComplete(p);
        if (responses.size() >= MAX_PIPELINED) updateAutoRead();
    }

    /**
     * Refuses the request being read ({@code req} its head, if it got that far): answers
     * {@code status} in turn, then stops serving this connection and closes it (lingering).
     */
    void refuse(int status, String message, HttpRequest req) {
        closing = true;
        deadlines.requestRead();
        requests.discard();
        responses.cancelContinue();
        Pending p = new Pending(responses, req != null && req.method() == HttpMethod.HEAD, false,
                req != null ? req.protocolVersion() : HttpVersion.HTTP_1_1, true);
        p.response = CoreErrors.response(config, status, message, req != null ? req.headers().get(HttpHeaderNames.ACCEPT) : null);
        responses.add(p);
        responses.drain();
    }

    /** The request being read did not arrive whole in time. */
    void readTimedOut() {
        refuse(408, CoreErrors.readTimeout(config), requests.current());
    }

    /** No request came for the idle timeout. */
    void idleTimedOut() {
        closing = true;
        ctx.close();
    }

    /** The queue wrote what it could: the connection may now be idle, or read again. */
    void responsesWritten() {
        becomeIdleIfDone();
        updateAutoRead();
    }

    // ---- flow control and idleness ----

    /** Reads while the responses and an upload being parsed keep up; a closing connection reads (and discards) on. */
    void updateAutoRead() {
        if (closed || upgrading) return;
        boolean want = closing || (responses.size() < MAX_PIPELINED && channel.isWritable() && !requests.holdsReading());
        if (want == autoRead) return;
        autoRead = want;
        channel.config().setAutoRead(want);
        if (want) deadlines.readsResumed();
    }

    private void becomeIdleIfDone() {
        if (upgrading || closing || closed || deadlines.reading() || !responses.idle() || deadlines.idleClockRunning()) return;
        if (server.draining()) {
            ctx.close();
            return;
        }
        deadlines.startIdleClock();
    }

    // ---- from the server, on any thread ----

    // ---- WebSockets ----

    /** A 101 is being written: no idle clock, no flow control of HTTP's any more. */
    void upgrading() {
        upgrading = true;
        deadlines.cancel();
        // A WebSocket peer's FIN is its going away, as before half-closes were allowed for HTTP's sake.
        channel.config().setOption(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, false);
    }

    /** The 101 is written: the connection is a WebSocket's. */
    void upgraded(dev.duet.spi.WebSocketAccept accept) {
        webSocket = NettyWebSocket.install(ctx.pipeline(), ctx.name(), accept);
        if (!autoRead) {
            autoRead = true;
            channel.config().setAutoRead(true);
        }
    }

    /** Shutdown has begun: close now if no request is in progress (a WebSocket: with 1001, going away). */
    void drainStarted() {
        execute(() -> {
            if (webSocket != null) {
                webSocket.peer().goingAway();
                return;
            }
            if (!closed && !deadlines.reading() && responses.idle()) ctx.close();
        });
    }

    /** Shutdown grace is over: close whatever is left. */
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
}
