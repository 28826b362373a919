package dev.duet.servlet.internal;

import dev.duet.spi.HttpDate;

import dev.duet.spi.CoreErrors;

import dev.duet.Config;
import dev.duet.Cookie;
import dev.duet.Response;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BiConsumer;

/**
 * Writes a Duet {@link Response} through the Servlet API, the way the Netty core writes it: status,
 * the app's headers, Content-Type (derived from the body when the app set none), cookies,
 * {@code Server} and {@code Date}; then the body with its Content-Length, or streamed (the
 * container sends it chunked on HTTP/1.1, delimited by the close on HTTP/1.0). A HEAD answer
 * carries the headers and Content-Length a GET would have, and no body; 1xx, 204 and 304 carry
 * neither Content-Type nor body.
 */
public final class ResponseWriter {
    private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);

    private ResponseWriter() {
    }

    /** Sets Content-Type through the Servlet API (a container may re-render it, e.g. {@code type;charset=x}). */
    public static final BiConsumer<HttpServletResponse, String> SERVLET_CONTENT_TYPE = (out, v) -> out.setHeader("Content-Type", v);

    /** True if {@code res} has a body to stream: the caller must then write on a virtual thread. */
    public static boolean streams(Response res, boolean head) {
        return res.isStreamed() && !head && !bodiless(res.status());
    }

    static boolean bodiless(int status) {
        return status < 200 || status == 204 || status == 304;
    }

    /**
     * Writes {@code res} and completes the response body. {@code close} asks the container to close
     * the connection after it. Throws if the client is gone (the write failed).
     */
    public static void write(HttpServletResponse out, Response res, boolean head, Config config, boolean close,
                             BiConsumer<HttpServletResponse, String> contentType, Object forLog) throws IOException {
        int status = res.status();
        boolean noBody = bodiless(status);
        byte[] bytes = null;
        if (!noBody && !res.isStreamed()) {
            try {
                bytes = res.encodedBody();
            } catch (RuntimeException e) {
                log.error("Could not encode the body of {} for {}", res, forLog, e);
                res = CoreErrors.response(config, 500, "Internal Server Error", null);
                status = 500;
                bytes = res.encodedBody();
            }
        }

        out.setStatus(status);
        String[] appLength = new String[1];
        boolean[] closeAfter = {close};
        res.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase("Content-Length")) {
                appLength[0] = value;
            } else if (name.equalsIgnoreCase("Connection")) {
                if ("close".equalsIgnoreCase(value.trim())) closeAfter[0] = true;
            } else if (name.equalsIgnoreCase("Content-Type")) {
                contentType.accept(out, value);
            } else if (!name.equalsIgnoreCase("Transfer-Encoding")) {
                out.addHeader(name, value);
            }
        });
        if (!noBody) {
            String ct = res.contentType();
            if (ct != null && res.header("Content-Type") == null) contentType.accept(out, ct);
        }
        for (Cookie c : res.cookies()) out.addHeader("Set-Cookie", c.toHeader());
        String serverHeader = config.serverHeader();
        if (!serverHeader.isEmpty() && res.header("Server") == null) {
            out.setHeader("Server", serverHeader);
        }
        out.setHeader("Date", HttpDate.now());
        if (closeAfter[0]) out.setHeader("Connection", "close");

        if (noBody) {
            out.flushBuffer();
            return;
        }
        if (res.isStreamed()) {
            if (head) {
                out.flushBuffer();
                return;
            }
            ServletOutputStream os = out.getOutputStream();
            BodyStream body = new BodyStream(os);
            try {
                ((Response.StreamBody) res.body()).writeTo(body);
            } catch (IOException e) {
                if (body.clientGone) throw e;
                throw new StreamFailed(e);
            } catch (RuntimeException | Error e) {
                throw new StreamFailed(e);
            }
            os.close();
            return;
        }
        if (head) {
            long length = bytes.length;
            if (length == 0 && appLength[0] != null) {
                try {
                    length = Long.parseLong(appLength[0].trim());
                } catch (NumberFormatException e) {
                    length = 0;
                }
            }
            out.setContentLengthLong(length);
            out.flushBuffer();
            return;
        }
        out.setContentLength(bytes.length);
        ServletOutputStream os = out.getOutputStream();
        if (bytes.length > 0) os.write(bytes);
        os.close();
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
