package dev.duet.spi;

import dev.duet.Config;
import dev.duet.Cookie;
import dev.duet.Headers;
import dev.duet.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * A {@link Response} finished for sending: every rule about what goes on the wire, decided once
 * and in one place, so that every core sends the same status, headers and body framing. A core
 * makes one per response and keeps only what is truly its own: its native calls, its connection
 * handling, and how it frames a streamed body (chunked, or delimited by closing the connection).
 *
 * <pre>{@code
 * OutgoingResponse out = OutgoingResponse.of(response, "HEAD".equals(method), app.config());
 * nativeResponse.setStatus(out.status());
 * out.writeHeaders(nativeResponse, MY_SINK, closeAfter);   // straight into the native headers
 * if (out.hasBody()) {
 *     if (out.framing() == OutgoingResponse.Framing.LENGTH) write(out.body());
 *     else out.stream().writeTo(nativeOutput);             // on a virtual thread: it may block
 * }
 * }</pre>
 *
 * <h2>The rules</h2>
 * <ol>
 * <li><b>Status</b>: the response's; or {@code 500} when its body cannot be encoded (an object
 *     Jackson cannot write). The response is then replaced by the core's own 500
 *     ({@link CoreErrors#response}, following the {@code errors} setting), keeping only its
 *     {@code X-Request-Id}: the app's other headers and cookies described a response that is not sent.
 * <li><b>No body</b> for {@code 1xx}, {@code 204} and {@code 304} ({@link Framing#NONE}): no
 *     Content-Length, no Transfer-Encoding, no derived Content-Type; the body is not even encoded.
 * <li><b>Framing</b>: a streamed body is {@link Framing#STREAM}: chunked, or with the
 *     Content-Length of a {@link Response.SizedStream} (whose {@code writeTo} fails if it writes
 *     another number of bytes, and the core then closes the connection); any other body is
 *     {@link Framing#LENGTH}, with the Content-Length of its encoded bytes.
 * <li><b>HEAD</b>: the headers a GET would get, framing included, and no body. A HEAD answer with
 *     an empty body keeps the app's own Content-Length (a handler that knows the size of what
 *     GET would send), when it is a valid number.
 * <li><b>What the app may not set</b>: its {@code Content-Length}, {@code Transfer-Encoding} and
 *     {@code Connection} headers are not sent (framing and the connection are the core's), nor its
 *     {@code Date} (the clock's).
 * <li><b>Content-Type</b>: the app's header if it set one, else {@link Response#contentType()}
 *     (derived from the body), except when there is no body.
 * <li><b>Set-Cookie</b>: one per cookie.
 * <li><b>Server</b>: the {@code serverHeader} setting, unless it is empty or the app set its own.
 * <li><b>Date</b>: now ({@link HttpDate}).
 * <li><b>Connection</b>: the connection closes after this response if the app asked for it (a
 *     {@code Connection} header with the {@code close} token, see {@link #closeAsked()}) or the
 *     core closes it for its own reasons; {@code Connection: close} then says so.
 * </ol>
 *
 * <p>Immutable, and cheap: one small object per response, the headers written without an
 * intermediate collection. It reads the {@link Response} it finishes rather than copying it, so
 * that response must not change any more (a core finishes a response once the app is done with
 * it); {@link #body()} is the response's own array too: a core only reads it.
 */
public final class OutgoingResponse {
    private static final Logger log = LoggerFactory.getLogger(OutgoingResponse.class);

    /** How the body travels. */
    public enum Framing {
        /** No body, and no framing header: {@code 1xx}, {@code 204}, {@code 304}. */
        NONE,
        /** Bytes known in advance, announced by {@code Content-Length}. */
        LENGTH,
        /**
         * A {@link Response.StreamBody} written as it goes: chunked on HTTP/1.1, to the close on
         * HTTP/1.0; or, for a {@link Response.SizedStream}, announced by {@code Content-Length}
         * ({@link #contentLength()} is then 0 or more).
         */
        STREAM
    }

    /**
     * Where a core writes the headers of an {@link OutgoingResponse}: straight into its native
     * headers {@code T}, passed along so that one sink (a constant) serves every response. Only
     * {@link #add} is required; a core overrides the others where it has a better native call, or
     * where its container writes the header itself. Called in this order: the app's headers (with
     * their Content-Type through {@link #contentType}), the derived Content-Type, the cookies,
     * {@link #server}, {@link #date}, the framing ({@link #contentLength} or {@link #chunked}, or
     * neither), {@link #connection}.
     *
     * @param <T> the core's native headers (or response) the fields go to
     */
    public interface HeaderSink<T> {
        /** One field; repeated names come as repeated calls, in order. */
        void add(T target, String name, String value);

        /** The Content-Type (the app's or the derived one). */
        default void contentType(T target, String value) {
            add(target, "Content-Type", value);
        }

        /** The {@code serverHeader} setting. */
        default void server(T target, String value) {
            add(target, "Server", value);
        }

        /** The Date: an IMF-fixdate, the same String instance for a whole second. */
        default void date(T target, String value) {
            add(target, "Date", value);
        }

        /** {@link Framing#LENGTH}, or a sized {@link Framing#STREAM}: the length of the body (of the GET's body, for a HEAD answer). */
        default void contentLength(T target, long length) {
            add(target, "Content-Length", Long.toString(length));
        }

        /**
         * {@link Framing#STREAM}: the body is sent as it is written. HTTP/1.1 announces it with
         * {@code Transfer-Encoding: chunked}; a core that frames it otherwise (HTTP/1.0, or a
         * container that frames bodies itself) overrides this to write nothing.
         */
        default void chunked(T target) {
            add(target, "Transfer-Encoding", "chunked");
        }

        /**
         * Whether the connection closes after this response. By default {@code Connection: close}
         * when it does and nothing otherwise, which is HTTP/1.1's default; an HTTP/1.0 connection
         * kept alive says {@code keep-alive} instead.
         */
        default void connection(T target, boolean close) {
            if (close) add(target, "Connection", "close");
        }
    }

    private final Response response;
    private final Framing framing;
    private final boolean head;
    private final byte[] body;
    private final long contentLength;
    private final String server;
    private final boolean appSetsContentType;
    private final boolean closeAsked;

    private OutgoingResponse(Response response, Framing framing, boolean head, byte[] body, long contentLength, Config config) {
        this.response = response;
        this.framing = framing;
        this.head = head;
        this.body = body;
        this.contentLength = contentLength;
        Headers h = response.headers();
        this.appSetsContentType = h.get("Content-Type") != null;
        this.server = config.serverHeader().isEmpty() || h.get("Server") != null ? null : config.serverHeader();
        this.closeAsked = h.get("Connection") != null && asksClose(h);
    }

    /**
     * Finishes {@code response}, the answer to a request whose method was HEAD if {@code head}.
     * Encodes its body now (unless it streams or there is none), so call it where encoding may
     * run: not on an event loop that must not block, if the body is a large object.
     */
    public static OutgoingResponse of(Response response, boolean head, Config config) {
        int status = response.status();
        if (status < 200 || status == 204 || status == 304) {
            return new OutgoingResponse(response, Framing.NONE, head, null, -1, config);
        }
        if (response.body() instanceof Response.SizedStream sized) {
            return new OutgoingResponse(response, Framing.STREAM, head, null, sized.length(), config);
        }
        if (response.isStreamed()) return new OutgoingResponse(response, Framing.STREAM, head, null, -1, config);
        byte[] bytes;
        try {
            bytes = response.encodedBody();
        } catch (RuntimeException e) {
            String id = response.header("X-Request-Id");
            log.error("Could not encode the body of {} (request {}); answering 500 instead", response, id, e);
            Response fallback = CoreErrors.response(config, 500, "Internal Server Error", null);
            if (id != null) fallback.header("X-Request-Id", id);
            byte[] error = fallback.encodedBody();
            return new OutgoingResponse(fallback, Framing.LENGTH, head, error, error.length, config);
        }
        long length = bytes.length;
        if (head && length == 0) length = declaredLength(response);
        return new OutgoingResponse(response, Framing.LENGTH, head, bytes, length, config);
    }

    /** The WebSocket handshake this response accepts (a 101 a core switches over with), or null. */
    public WebSocketAccept webSocket() {
        return WebSocketAccept.of(response);
    }

    /** The status line's code. */
    public int status() {
        return response.status();
    }

    /** How the body travels, decided from the status and the body's kind; it names the framing header the core writes, if any. */
    public Framing framing() {
        return framing;
    }

    /** True if a body follows the headers: there is one ({@link #framing()} is not NONE) and the request was not HEAD. */
    public boolean hasBody() {
        return framing != Framing.NONE && !head;
    }

    /** True if the body is {@link Framing#STREAM} and is sent: the core must write it from a virtual thread. */
    public boolean streamsBody() {
        return framing == Framing.STREAM && !head;
    }

    /** {@link Framing#LENGTH}: the encoded body (the response's own array: read it, do not change it); else null. */
    public byte[] body() {
        return body;
    }

    /** What Content-Length says: always for {@link Framing#LENGTH}, for a {@link Response.SizedStream}'s {@link Framing#STREAM}; -1 otherwise. */
    public long contentLength() {
        return contentLength;
    }

    /** True if the body streams in chunks (or, on HTTP/1.0, to the close): {@link Framing#STREAM} of unknown length. */
    public boolean chunked() {
        return framing == Framing.STREAM && contentLength < 0;
    }

    /** {@link Framing#STREAM}: what writes the body; null otherwise. */
    public Response.StreamBody stream() {
        return framing == Framing.STREAM ? (Response.StreamBody) response.body() : null;
    }

    /** True if the app asked for the connection to close after this response ({@code Connection: close}). */
    public boolean closeAsked() {
        return closeAsked;
    }

    /**
     * Writes every header to {@code target} through {@code sink}, in the order {@link HeaderSink}
     * gives. {@code close} is the core's own decision to close the connection after this response
     * (the client asked, the server is stopping, ...); the app's ({@link #closeAsked()}) is added.
     */
    public <T> void writeHeaders(T target, HeaderSink<T> sink, boolean close) {
        response.headers().forEach((name, value) -> {
            switch (kind(name)) {
                case PASS -> sink.add(target, name, value);
                case CONTENT_TYPE -> sink.contentType(target, value);
                case DROP -> {
                }
            }
        });
        if (framing != Framing.NONE && !appSetsContentType) {
            String derived = response.contentType();
            if (derived != null) sink.contentType(target, derived);
        }
        List<Cookie> cookies = response.cookies();
        for (int i = 0; i < cookies.size(); i++) { // by index: an iterator, even an empty list's, is an allocation per response
            sink.add(target, "Set-Cookie", cookies.get(i).toHeader());
        }
        if (server != null) sink.server(target, server);
        sink.date(target, HttpDate.now());
        switch (framing) {
            case LENGTH -> sink.contentLength(target, contentLength);
            case STREAM -> {
                if (contentLength >= 0) sink.contentLength(target, contentLength);
                else sink.chunked(target);
            }
            case NONE -> {
            }
        }
        sink.connection(target, close || closeAsked);
    }

    @Override
    public String toString() {
        return "OutgoingResponse[" + response.status() + " " + framing + (head ? " HEAD" : "") + "]";
    }

    private enum Kind { PASS, CONTENT_TYPE, DROP }

    /** What becomes of an app's header: the names are compared by length first, as most pass. */
    private static Kind kind(String name) {
        return switch (name.length()) {
            case 4 -> name.equalsIgnoreCase("Date") ? Kind.DROP : Kind.PASS;
            case 10 -> name.equalsIgnoreCase("Connection") ? Kind.DROP : Kind.PASS;
            case 12 -> name.equalsIgnoreCase("Content-Type") ? Kind.CONTENT_TYPE : Kind.PASS;
            case 14 -> name.equalsIgnoreCase("Content-Length") ? Kind.DROP : Kind.PASS;
            case 17 -> name.equalsIgnoreCase("Transfer-Encoding") ? Kind.DROP : Kind.PASS;
            default -> Kind.PASS;
        };
    }

    /** True if a {@code Connection} value of {@code h} has the {@code close} token (RFC 9110 §7.6.1: a comma-separated list). */
    private static boolean asksClose(Headers h) {
        for (String value : h.all("Connection")) {
            for (String token : value.split(",")) {
                if (token.trim().equalsIgnoreCase("close")) return true;
            }
        }
        return false;
    }

    /** The app's own Content-Length for an empty HEAD answer, if it is a valid length; else 0. */
    private static long declaredLength(Response response) {
        String value = response.header("Content-Length");
        if (value == null) return 0;
        String digits = value.trim();
        if (digits.isEmpty() || digits.length() > 18) return 0;
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') return 0; // 1*DIGIT (RFC 9110 §8.6): no sign, no space
        }
        return Long.parseLong(digits);
    }
}
