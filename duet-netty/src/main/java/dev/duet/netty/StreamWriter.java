package dev.duet.netty;

import dev.duet.Response;
import dev.duet.spi.Exchange;
import dev.duet.spi.StreamAbandoned;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes a {@link Response.StreamBody} as HTTP chunks. The body runs on a virtual thread of its
 * own (it may block); what it writes is buffered up to {@value #BUFFER} bytes and sent as one
 * chunk when the buffer fills or the body flushes. Back-pressure: before handing a chunk to the
 * channel it waits while the channel is not writable (above its high-water mark), so a slow
 * client slows the writer down instead of filling memory. When the client goes away the writer
 * is interrupted and its next write fails with an {@link IOException}.
 */
final class StreamWriter extends OutputStream implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);
    static final int BUFFER = 16 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final ResponseQueue responses;
    private final Channel channel;
    private final Exchange exchange;
    private final Response.StreamBody body;
    private final boolean close;
    private final byte[] buffer = new byte[BUFFER];
    private int count;
    private boolean finished;
    private volatile Thread thread;
    private volatile Thread waiter;
    private volatile boolean connectionClosed;

    StreamWriter(ResponseQueue responses, Channel channel, Exchange exchange, Response.StreamBody body, boolean close) {
        this.responses = responses;
        this.channel = channel;
        this.exchange = exchange;
        this.body = body;
        this.close = close;
    }

    void start() {
        thread = Thread.ofVirtual().name("duet-stream").start(this);
    }

    @Override
    public void run() {
        String id = exchange != null ? exchange.request().id() : null;
        if (id != null) MDC.put("requestId", id);
        Throwable failure = null;
        try {
            body.writeTo(this);
            flushBuffer();
            finished = true;
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (id != null) MDC.remove("requestId");
        }
        if (failure == null) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> end(f.isSuccess()));
            return;
        }
        if (failure instanceof StreamAbandoned) {
            log.debug("The streamed body of {} gave up on its client: {}", exchange != null ? exchange.request() : "a response",
                    failure.getMessage());
        } else if (!connectionClosed && channel.isActive()) {
            log.error("The streamed body of {} failed; closing the connection to mark the response incomplete",
                    exchange != null ? exchange.request() : "a response", failure);
        } else {
            log.debug("The streamed body of {} stopped: the client went away ({})",
                    exchange != null ? exchange.request() : "a response", failure.toString());
        }
        try {
            channel.eventLoop().execute(() -> end(false));
        } catch (RejectedExecutionException e) {
            if (exchange != null) exchange.sent();
        }
    }

    /** On the loop: the response is over, whole ({@code ok}) or not. */
    private void end(boolean ok) {
        try {
            if (exchange != null) exchange.sent();
        } finally {
            responses.streamEnded(this, ok, close);
        }
    }

    /** From the loop: the channel's writability changed. */
    void writabilityChanged() {
        Thread t = waiter;
        if (t != null) LockSupport.unpark(t);
    }

    /** From the loop: the client closed the connection; stop the body's work. */
    void connectionClosed() {
        connectionClosed = true;
        Thread t = thread;
        if (t != null) t.interrupt();
        writabilityChanged();
    }

    // ---- the OutputStream the body writes to ----

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == buffer.length) flushBuffer();
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len >= buffer.length) {
            flushBuffer();
            while (len > 0) {
                int n = Math.min(len, MAX_CHUNK);
                send(b, off, n);
                off += n;
                len -= n;
            }
            return;
        }
        if (len > buffer.length - count) flushBuffer();
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        flushBuffer();
    }

    /** Sends what is buffered; the last chunk is written when {@code writeTo} returns. */
    @Override
    public void close() throws IOException {
        if (finished) return;
        flushBuffer();
    }

    private void flushBuffer() throws IOException {
        if (count == 0) return;
        int n = count;
        count = 0;
        send(buffer, 0, n);
    }

    private void send(byte[] b, int off, int len) throws IOException {
        awaitWritable();
        ByteBuf chunk = channel.alloc().buffer(len);
        chunk.writeBytes(b, off, len);
        channel.writeAndFlush(new DefaultHttpContent(chunk));
    }

    private void ensureOpen() throws IOException {
        if (finished) throw new IOException("the response stream is closed");
        if (connectionClosed || !channel.isActive()) throw new IOException("the client closed the connection");
    }

    private void awaitWritable() throws IOException {
        if (channel.isWritable()) return;
        waiter = Thread.currentThread();
        try {
            while (!channel.isWritable()) {
                if (connectionClosed || !channel.isActive()) throw new IOException("the client closed the connection");
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                if (Thread.interrupted()) {
                    throw new InterruptedIOException("interrupted while waiting for the client to read");
                }
            }
        } finally {
            waiter = null;
        }
        ensureOpen();
    }
}
