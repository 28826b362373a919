package dev.duet.servlet;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.Response;
import dev.duet.spi.CoreErrors;
import dev.duet.servlet.internal.ResponseWriter;
import dev.duet.servlet.internal.ServletWebSocket;
import dev.duet.servlet.internal.ServletRawRequest;
import dev.duet.spi.Exchange;
import dev.duet.spi.StreamAbandoned;
import dev.duet.spi.MultipartForm;
import dev.duet.spi.MultipartParser;
import dev.duet.spi.OutgoingResponse;
import dev.duet.spi.WebSocketAccept;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One request through {@link DuetServlet}: read, dispatch, write at once or suspend, and notice a
 * client that goes away. Its own {@link AsyncListener} and completion callback.
 *
 * <p>Threads: {@link #run} is the container thread in {@code service}. When the request is
 * suspended, {@link #accept} runs on whichever thread completes the exchange; the write runs there
 * if that thread is virtual, or if the body is whole and the container can send it without
 * blocking, else on a new virtual thread; the listener methods on container threads. Who writes is decided once, by
 * {@link #state}: the writer moves it from {@code WAITING} to {@code WRITING}; a disconnect seen
 * while still {@code WAITING} moves it to {@code DONE} and completes the suspended request itself.
 */
final class ServletCall implements AsyncListener, BiConsumer<Response, Throwable> {
    private static final Logger log = LoggerFactory.getLogger(ServletCall.class);
    private static final byte[] NO_BODY = new byte[0];
    private static final int WAITING = 0;
    private static final int WRITING = 1;
    private static final int DONE = 2;

    private final DuetServlet servlet;
    private final App app;
    private final HttpServletRequest req;
    private final HttpServletResponse resp;
    private final boolean head;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile Exchange exchange;
    private volatile AsyncContext async;

    // The thread writing a streamed body, interrupted if the client goes away. (The chain's own
    // threads, the container's included while the chain runs inline, are the exchange's to cancel.)
    private Thread worker;
    private boolean disconnected;

    ServletCall(DuetServlet servlet, HttpServletRequest req, HttpServletResponse resp) {
        this.servlet = servlet;
        this.app = servlet.app();
        this.req = req;
        this.resp = resp;
        this.head = "HEAD".equals(req.getMethod());
    }

    void run() throws IOException {
        MultipartForm form = null;
        byte[] body = NO_BODY;
        if (MultipartParser.isMultipart(req.getContentType())) {
            form = readMultipart();
            if (form == null) return;
        } else {
            body = readBody();
            if (body == null) return;
        }
        ServletRawRequest raw = ServletRawRequest.of(req, servlet.hooks().target(req), body, form);
        servlet.hooks().watchDisconnect(req, this::disconnected);

        Exchange ex;
        try {
            ex = app.open(raw, servlet.threading() == DuetServlet.Threading.CONTAINER ? Thread.currentThread() : null);
        } catch (Throwable t) {
            log.error("App.open failed for {}", raw, t);
            if (form != null) form.delete();
            refuse(500, "Internal Server Error");
            return;
        }
        boolean gone;
        synchronized (this) {
            exchange = ex;
            gone = disconnected;
        }
        if (gone) {
            ex.abort(); // the client went away before its request was dispatched
            return;
        }
        // A client that goes away while the chain runs here aborts the exchange (see disconnected()),
        // which cancels the chain's work on this thread as on any other: a quiet cancellation.
        ex.start();
        if (isDisconnected()) return;

        CompletableFuture<Response> response = ex.response().toCompletableFuture();
        Response ready = response.getNow(null);
        OutgoingResponse out = ready == null ? null : OutgoingResponse.of(ready, head, app.config());
        if (out != null && (!out.streamsBody() || Thread.currentThread().isVirtual())) {
            Throwable incomplete = write(out);
            // The container ends a response that a servlet fails while writing without its last
            // chunk and closes the connection: the client can tell the body is incomplete.
            if (incomplete != null) throw new IOException("the streamed body of " + ex.request() + " failed", incomplete);
            return;
        }
        // Not done yet (an async link is waiting), or a body to stream from a platform thread:
        // give the container thread back and finish from the future.
        AsyncContext ac = req.startAsync(req, resp);
        ac.setTimeout(0); // Duet's deadline answers; a container timeout could cut a longer one short
        ac.addListener(this);
        async = ac;
        response.whenComplete(this);
    }

    // ---- reading ----

    /**
     * The whole body, or null if the request was refused (413, or 400 for a malformed body) or the
     * client stopped sending it.
     */
    private byte[] readBody() {
        Config c = app.config();
        long max = c.maxBodySize();
        long declared = req.getContentLengthLong();
        if (declared > max) {
            refuse(413, CoreErrors.bodyTooLarge(c));
            return null;
        }
        if (declared == 0 || (declared < 0 && req.getHeader("Transfer-Encoding") == null)) return NO_BODY;
        try {
            ServletInputStream in = req.getInputStream();
            if (declared > 0) {
                byte[] body = in.readNBytes((int) declared);
                if (body.length < declared) {
                    log.debug("The client of {} {} sent {} of {} body bytes, then went away",
                            req.getMethod(), req.getRequestURI(), body.length, declared);
                    abandoned(new IOException("the body ended after " + body.length + " of " + declared + " bytes"));
                    return null;
                }
                return body;
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
            if (body.length > max) {
                refuse(413, CoreErrors.bodyTooLarge(c));
                return null;
            }
            return body;
        } catch (IOException e) {
            failedReading(e);
            return null;
        }
    }

    /**
     * A {@code multipart/form-data} body parsed as it is read, its files written to disk on this
     * thread; or null if it was refused (413 over a limit, 400 malformed, 500 if the disk fails) or
     * the client stopped sending it. Every temp file is gone in those cases.
     */
    private MultipartForm readMultipart() {
        Config c = app.config();
        if (req.getContentLengthLong() > c.maxUploadSize()) {
            refuse(413, MultipartParser.uploadTooLarge(c));
            return null;
        }
        try {
            MultipartParser parser = MultipartParser.start(c, req.getContentType());
            ServletInputStream in = req.getInputStream();
            byte[] buf = new byte[64 * 1024];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    parser.abort();
                    failedReading(e);
                    return null;
                }
                if (n < 0) return parser.finish();
                parser.write(buf, 0, n);
            }
        } catch (HttpError e) {
            refuse(e.status(), e.getMessage());
        } catch (IOException e) {
            log.error("Could not store the upload of {} {} in {}", req.getMethod(), req.getRequestURI(), c.uploadDir(), e);
            refuse(500, "Internal Server Error");
        }
        return null;
    }

    /** Reading the body failed: a malformed chunked body (400), or the client stopped sending it. */
    private void failedReading(IOException e) {
        if (servlet.hooks().malformedBody(req, e)) {
            refuse(400, CoreErrors.malformed("invalid chunked body"));
            return;
        }
        log.debug("Reading the body of {} {} failed; the client stopped sending it: {}", req.getMethod(), req.getRequestURI(),
                e.toString());
        abandoned(e);
    }

    /**
     * The client stopped sending the body (it went away, shut its side down, or stalled until the
     * idle timeout): the app never sees the request, and the connection closes unanswered, as on
     * Netty, where the runner can (left to Jetty, it would be answered with the empty 200 of a
     * servlet that wrote nothing); a plain container does as it sees fit (Tomcat answers its 400).
     */
    private void abandoned(IOException why) {
        servlet.hooks().closeWithoutAnswer(req, why);
    }

    /** Answers {@code status} by the core itself, without the app, and closes the connection. */
    private void refuse(int status, String message) {
        try {
            Response res = CoreErrors.response(app.config(), status, message, req.getHeader("Accept"));
            ResponseWriter.write(resp, OutgoingResponse.of(res, head, app.config()), true, servlet.headers());
        } catch (IOException | RuntimeException e) {
            log.debug("Could not answer {} to {} {}: {}", status, req.getMethod(), req.getRequestURI(), e.toString());
        }
    }

    // ---- writing ----

    /**
     * The exchange's response is ready (any thread): write it here if this is a virtual thread or
     * the container can send the whole body without blocking, else from a new virtual thread.
     */
    @Override
    public void accept(Response res, Throwable err) {
        Response r = res;
        if (err != null || r == null) {
            log.error("The response of {} completed exceptionally; answering 500", exchange.request(), err);
            r = CoreErrors.response(app.config(), 500, "Internal Server Error", null);
        }
        OutgoingResponse out = OutgoingResponse.of(r, head, app.config());
        if (Thread.currentThread().isVirtual()) {
            writeAndComplete(out);
        } else if (servlet.hooks().sendsWithoutBlocking() && out.hasBody() && !out.streamsBody() && out.webSocket() == null) {
            // Most async answers complete on Duet's timer: a thread started for each of them queued
            // by the thousand for the carrier at 5 000 connections.
            sendWithoutBlocking(out);
        } else {
            servlet.writers().newThread(() -> writeAndComplete(out)).start();
        }
    }

    private void writeAndComplete(OutgoingResponse res) {
        try {
            Throwable incomplete = write(res);
            if (incomplete != null) {
                log.warn("{} cannot mark its response incomplete in this container: the client sees the body end early"
                        + " but normally", exchange.request());
            }
        } finally {
            complete();
        }
    }

    /**
     * Writes {@code res}, whose whole body is in memory, through the container's non-blocking
     * send: the head here, the rest when the socket takes it, then tells the exchange and
     * completes the suspended request (from the send's callback, on whichever thread ends it).
     */
    private void sendWithoutBlocking(OutgoingResponse res) {
        if (!state.compareAndSet(WAITING, WRITING)) return; // the client left: disconnected() completed the request
        Exchange ex = exchange;
        try {
            ResponseWriter.writeHead(resp, res, servlet.hooks().closeConnections(), servlet.headers());
        } catch (RuntimeException e) {
            log.error("Writing the response of {} failed", ex.request(), e);
            ex.abort();
            state.set(DONE);
            complete();
            return;
        }
        servlet.hooks().sendLast(resp, res.body(), failure -> {
            if (failure == null) {
                ex.sent();
            } else {
                log.debug("Writing the response of {} failed; the client went away: {}", ex.request(), failure.toString());
                ex.abort();
            }
            state.set(DONE);
            complete();
        });
    }

    /** Ends the suspended request: the container finishes the response and moves on to the connection's next one. */
    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            log.debug("The suspended request was already completed: {}", e.toString());
        }
    }

    /**
     * Writes {@code res} on this thread (virtual if the body streams), then tells the exchange.
     * Returns the failure of a streamed body that the caller must still make visible (the response
     * on the wire is incomplete and the runner could not abort it), else null.
     */
    private Throwable write(OutgoingResponse res) {
        if (!state.compareAndSet(WAITING, WRITING)) return null;
        Exchange ex = exchange;
        boolean streaming = res.streamsBody();
        if (streaming) enter();
        try {
            WebSocketAccept socket = res.webSocket();
            if (socket != null && !ServletWebSocket.upgrade(req, resp, res, socket, servlet.sockets(), app.config())) {
                ResponseWriter.write(resp, OutgoingResponse.of(CoreErrors.response(app.config(), 501,
                        "This container cannot switch to WebSocket", null), head, app.config()), true, servlet.headers());
            } else if (socket == null) {
                ResponseWriter.write(resp, res, servlet.hooks().closeConnections(), servlet.headers());
            }
            ex.sent();
        } catch (IOException e) {
            log.debug("Writing the response of {} failed; the client went away: {}", ex.request(), e.toString());
            ex.abort();
        } catch (ResponseWriter.StreamFailed e) {
            if (isDisconnected()) { // the body stopped because disconnected() interrupted it, not by itself
                log.debug("The streamed body of {} stopped: the client went away ({})", ex.request(), e.getCause().toString());
                ex.abort();
                return null;
            }
            if (e.getCause() instanceof StreamAbandoned) {
                log.debug("The streamed body of {} gave up on its client: {}", ex.request(), e.getCause().getMessage());
            } else {
                log.error("The streamed body of {} failed; closing the connection to mark the response incomplete",
                        ex.request(), e.getCause());
            }
            ex.sent();
            if (!servlet.hooks().abortResponse(req, e.getCause())) return e.getCause();
        } catch (RuntimeException e) {
            if (isDisconnected()) {
                // The client left and the container told us (onError), then recycled the response under
                // this writer: Tomcat's next write or close fails with an NPE. The client leaving, not a fault.
                log.debug("Writing the response of {} stopped: the client went away ({})", ex.request(), e.toString());
            } else {
                log.error("Writing the response of {} failed", ex.request(), e);
            }
            ex.abort();
        } finally {
            if (streaming) leave();
            state.set(DONE);
        }
        return null;
    }

    // ---- the client going away ----

    private synchronized void enter() {
        worker = Thread.currentThread();
    }

    /** This thread's work for the request is over: a disconnect no longer interrupts it. */
    private void leave() {
        synchronized (this) {
            worker = null;
        }
        Thread.interrupted(); // an interrupt aimed at the request must not reach the thread's next job
    }

    private synchronized boolean isDisconnected() {
        return disconnected;
    }

    /** The client went away (any thread): abort the exchange (which cancels its work) and stop a body being streamed. */
    void disconnected() {
        Exchange ex;
        synchronized (this) {
            if (disconnected) return;
            disconnected = true;
            ex = exchange;
            if (worker != null) worker.interrupt();
        }
        if (ex != null) ex.abort();
        AsyncContext ac = async;
        if (ac != null && state.compareAndSet(WAITING, DONE)) {
            try {
                ac.complete();
            } catch (IllegalStateException e) {
                log.debug("The suspended request was already completed: {}", e.toString());
            }
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        if (state.get() != DONE) disconnected(); // completed behind our back: nobody will read the answer
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        log.debug("The container timed out the suspended request {}", exchange.request());
        disconnected();
    }

    @Override
    public void onError(AsyncEvent event) {
        log.debug("The suspended request {} failed: {}", exchange.request(), String.valueOf(event.getThrowable()));
        disconnected();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
