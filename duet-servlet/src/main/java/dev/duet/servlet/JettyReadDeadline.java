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
import java.util.function.BooleanSupplier;

/**
 * Duet's {@code readTimeout} on a Jetty connection, which Jetty lacks: a request that has started
 * arriving must be read whole (its line, its headers and its body) within it, or it is answered
 * 408 and the connection closes, as on Netty. Jetty's idle timeout alone does not do it: a client
 * that dribbles one byte a second is never idle (the slowloris attack).
 *
 * <p>{@link JettyParser} tells when a request starts (its first byte) and whether it is still
 * being read; one task is scheduled per request, and when it runs it answers only if that same
 * request is still being read and nothing is being written on the connection (a response of an
 * earlier pipelined request still on its way is left to finish: the idle timeout then applies).
 * The 408 is written straight to the connection, since no request exists yet for Jetty to answer
 * (or the servlet is blocked reading the body), then the connection closes, which fails that read.
 */
final class JettyReadDeadline {
    private final Scheduler scheduler;
    private final Config config;
    private final EndPoint endPoint;
    private final BooleanSupplier writing;

    JettyReadDeadline(Scheduler scheduler, Config config, EndPoint endPoint, BooleanSupplier writing) {
        this.scheduler = scheduler;
        this.config = config;
        this.endPoint = endPoint;
        this.writing = writing;
    }

    /** Request {@code number} of {@code parser} has started arriving: its clock starts. */
    void requestArriving(JettyParser parser, long number) {
        scheduler.schedule(() -> expire(parser, number), config.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
