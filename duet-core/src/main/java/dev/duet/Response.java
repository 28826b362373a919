package dev.duet;

import dev.duet.internal.HeaderList;
import dev.duet.internal.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a request gets back: a status, headers, cookies and a body. Built fluently by a handler,
 * then seen (and changed) by after hooks and middleware on its way out; it belongs to one request.
 *
 * <pre>{@code
 * return Response.json(user).status(201).header("Location", "/user/" + user.id());
 * }</pre>
 *
 * <p>The body is text, bytes, an object written as JSON when the response is sent, or a
 * {@link #stream stream} written chunked.
 */
public final class Response {
    /** Writes a streamed body; runs on a virtual thread, so it may block. */
    @FunctionalInterface
    public interface StreamBody {
        /** Writes the body to {@code out}; a flush sends what was written so far. Need not close it. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A streamed body whose length is known before it is written: sent with {@code Content-Length}
     * instead of chunks, so a client sees the size (a download's progress, a range's end) and an
     * HTTP/1.0 connection stays open. {@link #writeTo} holds {@code writer} to exactly
     * {@code length} bytes: writing more fails at once, writing fewer fails when it returns,
     * and the core then closes the connection, as the response on the wire is cut short.
     *
     * <pre>{@code
     * long size = Files.size(file);
     * return Response.stream("video/mp4", size, out -> Files.copy(file, out));
     * }</pre>
     *
     * @param length the exact number of bytes {@code writer} writes, 0 or more
     * @param writer what writes them; runs on a virtual thread, so it may block
     */
    public record SizedStream(long length, StreamBody writer) implements StreamBody {
        /** Checks the length (0 or more) and the writer (not null). */
        public SizedStream {
            if (length < 0) throw new IllegalArgumentException("a body's length cannot be negative: " + length);
            java.util.Objects.requireNonNull(writer, "writer");
        }

        /** Runs the writer, holding it to {@link #length()} bytes (see above). */
        @Override
        public void writeTo(OutputStream out) throws IOException {
            Counted counted = new Counted(out, length);
            writer.writeTo(counted);
            if (counted.left != 0) {
                throw new IOException("the body wrote " + (length - counted.left) + " of the " + length
                        + " bytes its Content-Length announced");
            }
        }

        /** Passes bytes on while the declared length allows; the first byte too many is an error. */
        private static final class Counted extends OutputStream {
            private final OutputStream out;
            private final long length;
            long left;

            Counted(OutputStream out, long length) {
                this.out = out;
                this.length = length;
                this.left = length;
            }

            @Override
            public void write(int b) throws IOException {
                take(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                take(len);
                out.write(b, off, len);
            }

            private void take(int n) throws IOException {
                if (n > left) {
                    throw new IOException("the body wrote more than the " + length + " bytes its Content-Length announced");
                }
                left -= n;
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        }
    }

    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";
    static final String OCTETS = "application/octet-stream";

    private int status = 200;
    // Room for the usual: X-Request-Id, the four default security headers, and a few of the app's own.
    private final HeaderList headers = new HeaderList(8);
    private List<Cookie> cookies;
    private Object body;
    private String contentType;
    private Throwable cause;
    private Json json;
    private byte[] encoded;

    /** An empty 200 response, to fill fluently. */
    public Response() {
    }

    /** A response with {@code status} and {@code body} (null for none), its type derived from the body. */
    public static Response status(int status, Object body) {
        Response r = new Response().status(status);
        return body == null ? r : r.body(body);
    }

    /** {@code text} as {@code text/plain; charset=utf-8}. */
    public static Response text(String text) {
        return new Response().body(text).contentType(TEXT);
    }

    /** {@code html} as {@code text/html; charset=utf-8}. */
    public static Response html(String html) {
        return new Response().body(html).contentType(HTML);
    }

    /** {@code value} written as JSON when the response is sent (so after hooks still see the object). */
    public static Response json(Object value) {
        return new Response().body(value).contentType(JSON);
    }

    /** {@code bytes} as they are, with {@code contentType}. */
    public static Response bytes(byte[] bytes, String contentType) {
        return new Response().body(bytes).contentType(contentType);
    }

    /** A body written by {@code body} as it goes, sent chunked. */
    public static Response stream(String contentType, StreamBody body) {
        return new Response().body(body).contentType(contentType);
    }

    /**
     * A body of exactly {@code length} bytes written by {@code body} as it goes, sent with
     * {@code Content-Length} rather than chunked (see {@link SizedStream}): a large file, without
     * reading it into memory.
     */
    public static Response stream(String contentType, long length, StreamBody body) {
        return new Response().body(new SizedStream(length, body)).contentType(contentType);
    }

    /** 303 See Other to {@code location}: the redirect after a form POST. */
    public static Response redirect(String location) {
        return redirect(location, 303);
    }

    /** A redirect with an explicit 3xx status (301, 302, 303, 307, 308). */
    public static Response redirect(String location, int status) {
        if (status < 300 || status > 399) throw new IllegalArgumentException("redirect status must be 3xx, got " + status);
        return new Response().status(status).header("Location", location);
    }

    /** 204 No Content. */
    public static Response noContent() {
        return new Response().status(204);
    }

    /** The status, 200 unless set. */
    public int status() {
        return status;
    }

    /** Sets the status (100-599). */
    public Response status(int status) {
        if (status < 100 || status > 599) throw new IllegalArgumentException("invalid HTTP status " + status);
        this.status = status;
        return this;
    }

    /** The headers set so far (without Content-Type and cookies, which have their own accessors). */
    public Headers headers() {
        return headers;
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Sets {@code name} to {@code value}, replacing earlier values; null removes it. */
    public Response header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    /** Adds a value for {@code name}, keeping earlier ones. */
    public Response addHeader(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Sets {@code cookie}, replacing one of the same name and path set before. */
    public Response cookie(Cookie cookie) {
        if (cookies == null) cookies = new ArrayList<>(2);
        cookies.removeIf(c -> c.name().equals(cookie.name()) && java.util.Objects.equals(c.path(), cookie.path()));
        cookies.add(cookie);
        return this;
    }

    /** The cookies this response sets. */
    public List<Cookie> cookies() {
        return cookies == null ? List.of() : List.copyOf(cookies);
    }

    /**
     * The body: a String, byte[], {@link StreamBody}, a {@link View} (rendered to HTML as soon as
     * the handler returns), an object to write as JSON, or null.
     */
    public Object body() {
        return body;
    }

    /** Replaces the body (see {@link #body()}). */
    public Response body(Object body) {
        this.body = body;
        this.encoded = null;
        return this;
    }

    /** The Content-Type to send; derived from the body when not set. */
    public String contentType() {
        if (contentType != null) return contentType;
        return switch (body) {
            case null -> null;
            case String s -> looksLikeHtml(s) ? HTML : TEXT;
            case byte[] b -> OCTETS;
            case StreamBody s -> OCTETS;
            case View v -> HTML;
            default -> JSON;
        };
    }

    /** Sets the Content-Type, in place of the one derived from the body. */
    public Response contentType(String contentType) {
        this.contentType = contentType;
        return this;
    }

    /** The exception an error handler turned into this response, if any. */
    public Throwable cause() {
        return cause;
    }

    Response cause(Throwable cause) {
        this.cause = cause;
        return this;
    }

    void codec(Json json) {
        this.json = json;
    }

    /** True if the body is a {@link StreamBody}: cores send it chunked, or with its length if it is a {@link SizedStream}. */
    public boolean isStreamed() {
        return body instanceof StreamBody;
    }

    /**
     * The body as bytes, for a core to write (an empty array for no body); JSON bodies are encoded
     * once, here. Not for streamed bodies.
     */
    public byte[] encodedBody() {
        if (encoded != null) return encoded;
        encoded = switch (body) {
            case null -> EMPTY;
            case byte[] b -> b;
            case String s -> s.getBytes(StandardCharsets.UTF_8);
            case StreamBody s -> throw new IllegalStateException("a streamed body has no encoded form");
            case View v -> throw new IllegalStateException("the view " + v.name() + " was never rendered: a View body"
                    + " is rendered when a handler or error handler returns it, not when a hook or middleware sets it");
            default -> (json != null ? json : Json.defaults()).write(body);
        };
        return encoded;
    }

    private static final byte[] EMPTY = new byte[0];

    static boolean looksLikeHtml(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) return c == '<';
        }
        return false;
    }

    @Override
    public String toString() {
        return "Response[" + status + " " + contentType() + "]";
    }
}
