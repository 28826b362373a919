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

    /**
     * Encoded header lines ({@code "Name: value\r\n"}) of pairs that recur, by the identity of their
     * two strings: the security headers, the content types and most other headers of an app are
     * the same string objects on every response, and copying their line is cheaper than encoding
     * it a char at a time (that was 12 % of a pipelined plaintext request's CPU). Two ways per set;
     * a pair is kept when it is seen a second time with its note still there, so a value made per
     * request (a request id) never costs an allocation; a kept line gives its way up to a newcomer
     * only if it was not used since the last newcomer came (a second chance).
     */
    private static final int LINE_SETS = 32;
    private static final int LONGEST_KEPT_LINE = 512;
    private final String[] lineNames = new String[LINE_SETS * 2];
    private final String[] lineValues = new String[LINE_SETS * 2];
    private final byte[][] lines = new byte[LINE_SETS * 2][];
    private final boolean[] lineUsed = new boolean[LINE_SETS * 2];

    private byte[] bytes = new byte[512];
    private int size;

    private HeadBytes() {
    }

    /**
     * The response {@code out}: its status line for {@code sink}'s HTTP version, its headers through
     * {@code sink} ({@code close} as for {@link OutgoingResponse#writeHeaders}) and, unless it has
     * none, its body: one buffer from {@code alloc}, ready to send. The body is copied straight
     * into the buffer, so a big one is not copied twice; nothing may be {@link #append}ed and not
     * yet {@link #take}n on this thread.
     */
    static ByteBuf encode(ByteBufAllocator alloc, OutgoingResponse out, Sink sink, boolean close) {
        HeadBytes head = SCRATCH.get();
        head.size = 0;
        head.appendHead(out, sink, close);
        byte[] body = out.hasBody() ? out.body() : null;
        int bodyLength = body == null ? 0 : body.length;
        ByteBuf buf = alloc.directBuffer(head.size + bodyLength);
        buf.writeBytes(head.bytes, 0, head.size);
        if (bodyLength > 0) buf.writeBytes(body);
        head.reset();
        return buf;
    }

    /**
     * Adds the response {@code out}, head and body, to those this thread collects for one buffer
     * ({@link #take}): responses written together (pipelined ones) share a buffer, a write and
     * its promise.
     */
    static void append(OutgoingResponse out, Sink sink, boolean close) {
        HeadBytes head = SCRATCH.get();
        head.appendHead(out, sink, close);
        if (out.hasBody()) head.append(out.body());
    }

    /** Everything {@link #append}ed on this thread since the last call, as one buffer from {@code alloc}. */
    static ByteBuf take(ByteBufAllocator alloc) {
        HeadBytes head = SCRATCH.get();
        ByteBuf buf = alloc.directBuffer(head.size);
        buf.writeBytes(head.bytes, 0, head.size);
        head.reset();
        return buf;
    }

    private void appendHead(OutgoingResponse out, Sink sink, boolean close) {
        append(statusLine(sink.http11(), out.status()));
        out.writeHeaders(this, sink, close);
        append(CRLF);
    }

    private void reset() {
        size = 0;
        if (bytes.length > 8192) bytes = new byte[512]; // one huge head does not pin its array
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
        int h = 31 * System.identityHashCode(name) + System.identityHashCode(value); // kept by identity, so placed by it
        int set = ((h ^ (h >>> 16)) & (LINE_SETS - 1)) * 2;
        for (int way = set; way < set + 2; way++) {
            if (lineNames[way] == name && lineValues[way] == value) {
                byte[] line = lines[way];
                if (line != null) {
                    lineUsed[way] = true;
                    append(line);
                } else {
                    int start = size;
                    encodeField(name, value);
                    if (size - start <= LONGEST_KEPT_LINE) {
                        lines[way] = Arrays.copyOfRange(bytes, start, size);
                        lineUsed[way] = true;
                    }
                }
                return;
            }
        }
        encodeField(name, value);
        int way = lines[set] == null ? set : lines[set + 1] == null ? set + 1 : !lineUsed[set] ? set : !lineUsed[set + 1] ? set + 1 : -1;
        if (way < 0) { // both lines in use: the newcomer is not noted, and each loses its second chance
            lineUsed[set] = false;
            lineUsed[set + 1] = false;
            return;
        }
        lineNames[way] = name;
        lineValues[way] = value;
        lines[way] = null;
    }

    private void encodeField(String name, String value) {
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
