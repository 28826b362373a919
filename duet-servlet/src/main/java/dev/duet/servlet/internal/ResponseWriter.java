package dev.duet.servlet.internal;

import dev.duet.spi.OutgoingResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BiConsumer;

/**
 * Writes an {@link OutgoingResponse} through the Servlet API: what is sent is decided there, as on
 * every core; what is left here is the Servlet calls. The container frames the body: a
 * Content-Length for bytes and for a stream of known length ({@code Response.SizedStream}, through
 * {@code setContentLengthLong}), chunks for any other stream on HTTP/1.1 (the close on HTTP/1.0).
 */
public final class ResponseWriter {
    private ResponseWriter() {
    }

    /**
     * The headers of a response, into the Servlet response: the framing through its own calls
     * (the container writes Transfer-Encoding itself), Content-Type through the core's
     * {@code contentType} (a container may re-render the value, e.g. {@code type;charset=x}).
     */
    public static final class ServletHeaders implements OutgoingResponse.HeaderSink<HttpServletResponse> {
        private final BiConsumer<HttpServletResponse, String> contentType;

        public ServletHeaders(BiConsumer<HttpServletResponse, String> contentType) {
            this.contentType = contentType;
        }

        @Override
        public void add(HttpServletResponse target, String name, String value) {
            target.addHeader(name, value);
        }

        @Override
        public void contentType(HttpServletResponse target, String value) {
            contentType.accept(target, value);
        }

        @Override
        public void server(HttpServletResponse target, String value) {
            target.setHeader("Server", value);
        }

        @Override
        public void date(HttpServletResponse target, String value) {
            target.setHeader("Date", value);
        }

        @Override
        public void contentLength(HttpServletResponse target, long length) {
            target.setContentLengthLong(length);
        }

        @Override
        public void chunked(HttpServletResponse target) {
        }

        @Override
        public void connection(HttpServletResponse target, boolean close) {
            if (close) target.setHeader("Connection", "close");
        }
    }

    /** Sets Content-Type through the Servlet API (a container may re-render it, e.g. {@code type;charset=x}). */
    public static final BiConsumer<HttpServletResponse, String> SERVLET_CONTENT_TYPE = (out, v) -> out.setHeader("Content-Type", v);

    /**
     * Writes {@code res} and completes the response body: from a virtual thread if it
     * {@linkplain OutgoingResponse#streamsBody() streams}. {@code close} asks the container to
     * close the connection after it. Throws if the client is gone (the write failed), or
     * {@link StreamFailed} if a streamed body failed by itself.
     */
    public static void write(HttpServletResponse out, OutgoingResponse res, boolean close, ServletHeaders headers) throws IOException {
        writeHead(out, res, close, headers);
        if (!res.hasBody()) {
            out.flushBuffer();
            return;
        }
        ServletOutputStream os = out.getOutputStream();
        if (res.streamsBody()) {
            BodyStream body = new BodyStream(os);
            try {
                res.stream().writeTo(body);
            } catch (IOException e) {
                if (body.clientGone) throw e;
                throw new StreamFailed(e);
            } catch (RuntimeException | Error e) {
                throw new StreamFailed(e);
            }
        } else if (res.body().length > 0) {
            os.write(res.body());
        }
        os.close();
    }

    /** The status and headers of {@code res}, into {@code out}, which sends them with the body's first bytes. */
    public static void writeHead(HttpServletResponse out, OutgoingResponse res, boolean close, ServletHeaders headers) {
        out.setStatus(res.status());
        res.writeHeaders(out, headers, close);
    }

    /**
     * A streamed body failed by itself (not because the client went away): the response on the
     * wire is incomplete, and the connection must be closed rather than the body ended normally.
     */
    public static final class StreamFailed extends RuntimeException {
        StreamFailed(Throwable cause) {
            super("the streamed body failed: " + cause, cause);
        }
    }

    /**
     * What a {@link Response.StreamBody} writes to: the container's stream, except that the body's
     * {@code close()} only flushes (the writer ends the response itself, after the body returns).
     */
    private static final class BodyStream extends OutputStream {
        private final ServletOutputStream out;
        /** A write to the container failed: the client is gone. */
        boolean clientGone;

        BodyStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                clientGone = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                clientGone = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                clientGone = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
