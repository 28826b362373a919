package dev.duet.internal;

import dev.duet.HttpError;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The framing of a {@code multipart/form-data} body (RFC 2046, RFC 7578), pushed in chunks of any
 * size: finds the boundary delimiters and each part's header block, and hands the parts to a
 * {@link Parts} as bytes arrive, so that no part is ever held whole here. Holds one working buffer
 * (64 KiB, or more to fit a header block); what it cannot decide yet (the start of a possible
 * delimiter, an unfinished header block) stays in it for the next chunk.
 *
 * <p>The body is scanned as if it began with CRLF, so that the first boundary, which has none,
 * is found like the others; what comes before it (a preamble) and after the closing one (an
 * epilogue) is skipped. Not thread-safe: one thread pushes.
 */
public final class MultipartScanner {

    /** Where the parts go. */
    public interface Parts {
        /** A part starts; its header block (without the blank line) is {@code len} bytes at {@code off}. */
        void begin(byte[] headers, int off, int len);

        /** Some of the current part's content. */
        void data(byte[] b, int off, int len) throws IOException;

        /** The current part is complete. */
        void end() throws IOException;
    }

    private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, BODY, EPILOGUE }

    private static final int MIN_BUFFER = 64 * 1024;
    private static final int MAX_PADDING = 64;
    private static final byte[] BLANK_LINE = {'\r', '\n', '\r', '\n'};

    private final Parts parts;
    private final byte[] delimiter;
    private final int maxHeaderBytes;
    private final byte[] buf;
    private int start;
    private int end;
    private int padding;
    private State state = State.PREAMBLE;

    /** A scanner for {@code boundary} (1 to 70 characters, as RFC 2046 allows), with part headers up to {@code maxHeaderBytes}. */
    public MultipartScanner(String boundary, int maxHeaderBytes, Parts parts) {
        if (boundary.isEmpty() || boundary.length() > 70) {
            throw HttpError.badRequest("Malformed multipart body: the boundary must be 1 to 70 characters");
        }
        this.parts = parts;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.maxHeaderBytes = maxHeaderBytes;
        this.buf = new byte[Math.max(MIN_BUFFER, maxHeaderBytes + delimiter.length + 8)];
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /** Scans {@code len} more bytes of the body. */
    public void feed(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            compact();
            int n = Math.min(len, buf.length - end);
            System.arraycopy(b, off, buf, end, n);
            end += n;
            off += n;
            len -= n;
            scan();
        }
    }

    /** Scans the bytes from {@code src}'s position to its limit (which it consumes), copied once, into the working buffer. */
    public void feed(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            compact();
            int n = Math.min(src.remaining(), buf.length - end);
            src.get(buf, end, n);
            end += n;
            scan();
        }
    }

    private void compact() {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
    }

    /** The body is over: fails with 400 unless it ended with the closing delimiter. */
    public void finish() {
        if (state != State.EPILOGUE) {
            throw HttpError.badRequest(state == State.PREAMBLE
                    ? "Malformed multipart body: no boundary delimiter found"
                    : "Malformed multipart body: it ends before the closing boundary delimiter");
        }
    }

    private void scan() throws IOException {
        while (true) {
            switch (state) {
                case PREAMBLE, BODY -> {
                    int i = indexOf(delimiter, start, end);
                    if (i < 0) {
                        int safe = Math.max(start, end - delimiter.length + 1); // a delimiter may start after it
                        if (state == State.BODY && safe > start) parts.data(buf, start, safe - start);
                        start = safe;
                        return;
                    }
                    if (state == State.BODY) {
                        if (i > start) parts.data(buf, start, i - start);
                        parts.end();
                    }
                    start = i + delimiter.length;
                    padding = 0;
                    state = State.AFTER_DELIMITER;
                }
                case AFTER_DELIMITER -> {
                    while (start < end && (buf[start] == ' ' || buf[start] == '\t')) { // transport padding
                        start++;
                        if (++padding > MAX_PADDING) throw malformed("a boundary delimiter line is too long");
                    }
                    if (end - start < 2) return;
                    if (buf[start] == '-' && buf[start + 1] == '-') {
                        state = State.EPILOGUE;
                    } else if (buf[start] == '\r' && buf[start + 1] == '\n') {
                        start += 2;
                        state = State.HEADERS;
                    } else {
                        throw malformed("a boundary delimiter is followed by neither CRLF nor --");
                    }
                }
                case HEADERS -> {
                    if (end - start < 2) return;
                    if (buf[start] == '\r' && buf[start + 1] == '\n') { // no header fields at all
                        parts.begin(buf, start, 0);
                        start += 2;
                        state = State.BODY;
                        continue;
                    }
                    int i = indexOf(BLANK_LINE, start, end);
                    if ((i < 0 ? end - start : i - start) > maxHeaderBytes) {
                        throw malformed("a part's header block is larger than the limit of " + maxHeaderBytes
                                + " bytes (maxHeaderSize)");
                    }
                    if (i < 0) return;
                    parts.begin(buf, start, i - start);
                    start = i + BLANK_LINE.length;
                    state = State.BODY;
                }
                case EPILOGUE -> {
                    start = end;
                    return;
                }
            }
        }
    }

    /** The first index of {@code needle} in {@code buf[from, to)}, or -1. */
    private int indexOf(byte[] needle, int from, int to) {
        byte first = needle[0];
        int last = to - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != first) continue;
            for (int k = 1; k < needle.length; k++) {
                if (buf[i + k] != needle[k]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static HttpError malformed(String why) {
        return HttpError.badRequest("Malformed multipart body: " + why);
    }
}
