package dev.duet.netty;

import dev.duet.spi.OutgoingResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A whole response (status line, headers and body) as one buffer, for the responses whose body is
 * known in advance: most of them. Netty's encoder would build an {@code HttpHeaders} table and
 * then copy it out a byte at a time, and on Java 25, where Netty leaves {@code sun.misc.Unsafe}
 * alone, each of those bytes is a bounds- and session-checked {@code ByteBuffer.put}; here the head
 * is written into a scratch array of the loop's, the fixed parts copied from arrays encoded once,
 * and the buffer sent receives two bulk copies. Streamed bodies, {@code 100 Continue} and the
 * {@code 101} of a WebSocket still go through Netty's encoder.
 *
 * <p>Used on an event loop only: the scratch array is the loop thread's own.
 */
final class HeadBytes {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final FastThreadLocal<HeadBytes> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected HeadBytes initialValue() {
            return new HeadBytes();
        }
    };
    /** Status lines by code (100-599), HTTP/1.1 and HTTP/1.0, encoded once (well under a millisecond). */
    private static final byte[][] STATUS_11 = statusLines(true);
    private static final byte[][] STATUS_10 = statusLines(false);
    private static volatile DateLine date = new DateLine("", new byte[0]);

    private record DateLine(String source, byte[] line) {
    }

    private byte[] bytes = new byte[512];
    private int size;

    private HeadBytes() {
    }

    /**
     * The response {@code out}: its status line for {@code sink}'s HTTP version, its headers through
     * {@code sink} ({@code close} as for {@link OutgoingResponse#writeHeaders}) and, unless it has
     * none, its body: one buffer from {@code alloc}, ready to send.
     */
    static ByteBuf encode(ByteBufAllocator alloc, OutgoingResponse out, Sink sink, boolean close) {
        HeadBytes head = SCRATCH.get();
        head.size = 0;
        head.append(statusLine(sink.http11(), out.status()));
        out.writeHeaders(head, sink, close);
        head.append(CRLF);
        byte[] body = out.hasBody() ? out.body() : null;
        int bodyLength = body == null ? 0 : body.length;
        ByteBuf buf = alloc.directBuffer(head.size + bodyLength);
        buf.writeBytes(head.bytes, 0, head.size);
        if (bodyLength > 0) buf.writeBytes(body);
        if (head.bytes.length > 8192) head.bytes = new byte[512]; // one huge head does not pin its array
        return buf;
    }

    private static byte[] statusLine(boolean http11, int code) {
        if (code < 100 || code >= 600) return encodeStatus(http11, code);
        return (http11 ? STATUS_11 : STATUS_10)[code];
    }

    private static byte[][] statusLines(boolean http11) {
        byte[][] lines = new byte[600][];
        for (int code = 100; code < 600; code++) lines[code] = encodeStatus(http11, code);
        return lines;
    }

    private static byte[] encodeStatus(boolean http11, int code) {
        String s = (http11 ? "HTTP/1.1 " : "HTTP/1.0 ") + HttpResponseStatus.valueOf(code).toString() + "\r\n";
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }

    private void append(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /** {@code s} as Latin-1 (a char beyond it becomes {@code ?}, as Netty's encoder writes it). */
    private void append(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = bytes;
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b[p++] = (byte) (c > 0xFF ? '?' : c);
        }
        size = p;
    }

    private void field(String name, String value) {
        ensure(name.length() + value.length() + 4);
        append(name);
        bytes[size++] = ':';
        bytes[size++] = ' ';
        append(value);
        bytes[size++] = '\r';
        bytes[size++] = '\n';
    }

    private void field(byte[] nameColonSpace, long number) {
        ensure(nameColonSpace.length + 22);
        append(nameColonSpace);
        if (number == 0) {
            bytes[size++] = '0';
        } else {
            int digits = 0;
            for (long n = number; n > 0; n /= 10) digits++;
            int p = size + digits;
            for (long n = number; n > 0; n /= 10) bytes[--p] = (byte) ('0' + n % 10);
            size += digits;
        }
        bytes[size++] = '\r';
        bytes[size++] = '\n';
    }

    /**
     * Where {@link OutgoingResponse} writes the headers, as bytes: one per HTTP version a server
     * answers, as {@link NettyHeaderSink} (whose rules for chunks and keep-alive it follows).
     */
    static final class Sink implements OutgoingResponse.HeaderSink<HeadBytes> {
        private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.ISO_8859_1);
        private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.ISO_8859_1);
        private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1);
        private static final byte[] KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.ISO_8859_1);

        private final boolean http11;
        private final String serverSetting;
        private final byte[] serverLine;

        /** For HTTP/1.1 if {@code http11}, else HTTP/1.0; {@code serverSetting} is the {@code serverHeader} setting. */
        Sink(boolean http11, String serverSetting) {
            this.http11 = http11;
            this.serverSetting = serverSetting;
            this.serverLine = ("Server: " + serverSetting + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }

        /** HTTP/1.1 if true, else HTTP/1.0. */
        boolean http11() {
            return http11;
        }

        @Override
        public void add(HeadBytes target, String name, String value) {
            target.field(name, value);
        }

        @Override
        public void server(HeadBytes target, String value) {
            if (value.equals(serverSetting)) target.append(serverLine);
            else target.field("Server", value);
        }

        @Override
        public void date(HeadBytes target, String value) {
            DateLine d = date;
            if (d.source != value) { // one String per second (HttpDate): encode once per second
                d = new DateLine(value, ("Date: " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                date = d;
            }
            target.append(d.line);
        }

        @Override
        public void contentLength(HeadBytes target, long length) {
            target.field(CONTENT_LENGTH, length);
        }

        @Override
        public void chunked(HeadBytes target) {
            if (http11) target.append(CHUNKED);
        }

        @Override
        public void connection(HeadBytes target, boolean close) {
            if (close) target.append(CLOSE);
            else if (!http11) target.append(KEEP_ALIVE);
        }
    }
}
