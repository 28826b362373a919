package dev.duet.servlet;

import dev.duet.Config;
import dev.duet.spi.CoreErrors;
import dev.duet.spi.OutgoingResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Duet's {@code readTimeout} on a Jetty connection, which Jetty lacks: a request that has started
 * arriving must be read whole (its line, its headers and its body) within it, or it is answered
 * 408 and the connection closes, as on Netty. Jetty's idle timeout alone does not do it: a client
 * that dribbles one byte a second is never idle (the slowloris attack).
 *
 * <p>{@link JettyParser} tells when a request starts (its first byte) and whether it is still
 * being read; one task per connection watches the request arriving, and when its time is over it
 * answers only if that same request is still being read and nothing is being written on the connection (a response of an
 * earlier pipelined request still on its way is left to finish: the idle timeout then applies).
 * The 408 is written straight to the connection, since no request exists yet for Jetty to answer
 * (or the servlet is blocked reading the body), then the connection closes, which fails that read.
 */
final class JettyReadDeadline {
    private final Scheduler scheduler;
    private final Config config;
    private final EndPoint endPoint;
    private final BooleanSupplier writing;
    /** A task is scheduled. */
    private final AtomicBoolean armed = new AtomicBoolean();
    // the request being watched: its number and when its first byte came (set by the parsing thread)
    private volatile long number;
    private volatile long start;

    JettyReadDeadline(Scheduler scheduler, Config config, EndPoint endPoint, BooleanSupplier writing) {
        this.scheduler = scheduler;
        this.config = config;
        this.endPoint = endPoint;
        this.writing = writing;
    }

    /** Request {@code number} of {@code parser} has started arriving: its clock starts. */
    void requestArriving(JettyParser parser, long number) {
        this.number = number;
        this.start = System.nanoTime();
        if (armed.compareAndSet(false, true)) arm(parser, config.readTimeout().toNanos());
    }

    private void arm(JettyParser parser, long nanos) {
        scheduler.schedule(() -> check(parser), nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The task: one per connection at most, so a busy keep-alive connection does not leave a task
     * per request behind it. It re-arms for what is left of the current request's time.
     */
    private void check(JettyParser parser) {
        long n = number;
        if (parser.reading(n) && endPoint.isOpen()) {
            long left = timeLeft();
            if (left > 0) {
                arm(parser, left);
                return;
            }
            armed.set(false);
            expire(parser, n);
            return;
        }
        armed.set(false);
        // A request that began while this ran found the task still armed, and armed nothing: watch it.
        if (parser.reading(number) && armed.compareAndSet(false, true)) arm(parser, Math.max(0, timeLeft()));
    }

    private long timeLeft() {
        return config.readTimeout().toNanos() - (System.nanoTime() - start);
    }

    private void expire(JettyParser parser, long number) {
        if (!endPoint.isOpen() || !parser.reading(number) || writing.getAsBoolean()) return;
        ByteBuffer answer = ByteBuffer.wrap(response408());
        Callback close = Callback.from(endPoint::close, x -> endPoint.close(x));
        try {
            endPoint.write(close, answer);
        } catch (RuntimeException e) { // a write began meanwhile (WritePendingException): just close
            endPoint.close(e);
        }
    }

    /** The 408 with the headers every Duet answer has, as bytes. */
    private byte[] response408() {
        OutgoingResponse out = OutgoingResponse.of(CoreErrors.response(config, 408, CoreErrors.readTimeout(config), null), false, config);
        HttpFields.Mutable fields = HttpFields.build();
        out.writeHeaders(fields, JettyHeaderSink.INSTANCE, true);
        byte[] body = out.hasBody() ? out.body() : new byte[0];
        fields.put("Content-Length", Integer.toString(body.length));
        StringBuilder head = new StringBuilder("HTTP/1.1 408 ").append(HttpStatus.getMessage(408)).append("\r\n");
        fields.forEach(f -> head.append(f.getName()).append(": ").append(f.getValue()).append("\r\n"));
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
