package dev.duet.template.pebble.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * A {@link Writer} that encodes UTF-8 straight into a small buffer and hands it to an
 * {@link OutputStream} when full: what Pebble renders into, so that a page never exists as one
 * String. Unlike {@link java.io.OutputStreamWriter} it takes no lock per write (one render is one
 * thread) and needs no {@code CharsetEncoder}. An unpaired surrogate becomes {@code ?}, as
 * {@link String#getBytes(java.nio.charset.Charset)} does.
 *
 * <p>{@link #flush()} hands the buffered bytes on without flushing {@code out}, which belongs to
 * the caller; {@link #close()} does the same and leaves {@code out} open.
 */
public final class Utf8Writer extends Writer {
    private final OutputStream out;
    private final byte[] buf;
    private int count;
    private char pendingHigh; // a high surrogate whose low half may come in the next write
    private final char[] chars = new char[256];

    private final long limit;
    private long handedOn;

    /** A writer into {@code out} through a buffer of {@code bufferSize} bytes (at least 16), with no limit. */
    public Utf8Writer(OutputStream out, int bufferSize) {
        this(out, bufferSize, Long.MAX_VALUE);
    }

    /**
     * A writer into {@code out} that fails with {@link TooLong} once more than {@code limit} bytes
     * are written (noticed when the buffer is handed on, so at most one buffer past the limit).
     */
    public Utf8Writer(OutputStream out, int bufferSize, long limit) {
        this.out = out;
        this.buf = new byte[Math.max(16, bufferSize)];
        this.limit = limit;
    }

    /**
     * A render that wrote more than its limit. Unchecked, so that it crosses Pebble's nodes (some
     * of which wrap what they catch; {@link #in} finds it again).
     */
    public static final class TooLong extends RuntimeException {
        private TooLong(long limit) {
            super("the rendered output is longer than its limit of " + limit + " bytes"
                    + " (PebbleTemplates.builder().maxOutput(...))", null, false, false);
        }

        /** The TooLong among {@code e}'s causes, or null. */
        public static TooLong in(Throwable e) {
            for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof TooLong t) return t;
            }
            return null;
        }
    }

    @Override
    public void write(int c) throws IOException {
        encode((char) c);
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (pendingHigh == 0) {
                // ASCII, the bulk of most HTML: one byte per char, in a loop the JIT keeps tight.
                int stop = Math.min(end, i + (buf.length - count));
                byte[] b = buf;
                int n = count;
                while (i < stop) {
                    char c = chars[i];
                    if (c >= 0x80) break;
                    b[n++] = (byte) c;
                    i++;
                }
                count = n;
                if (count == buf.length) drain();
                if (i == end) return;
                if (chars[i] < 0x80) continue;
            }
            encode(chars[i++]);
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        // Copying a slice out with getChars (an intrinsic) and looping over the array measured
        // faster than charAt per char, and than OutputStreamWriter (docs/templates.md, Performance).
        while (len > 0) {
            int n = Math.min(len, chars.length);
            s.getChars(off, off + n, chars, 0);
            write(chars, 0, n);
            off += n;
            len -= n;
        }
    }

    @Override
    public void write(String s) throws IOException {
        write(s, 0, s.length());
    }

    private void encode(char c) throws IOException {
        if (buf.length - count < 4) drain();
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                int cp = Character.toCodePoint(high, c);
                buf[count++] = (byte) (0xF0 | (cp >> 18));
                buf[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[count++] = (byte) (0x80 | (cp & 0x3F));
                return;
            }
            buf[count++] = '?';
            if (buf.length - count < 4) drain();
        }
        if (c < 0x80) {
            buf[count++] = (byte) c;
        } else if (c < 0x800) {
            buf[count++] = (byte) (0xC0 | (c >> 6));
            buf[count++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (Character.isLowSurrogate(c)) {
            buf[count++] = '?';
        } else {
            buf[count++] = (byte) (0xE0 | (c >> 12));
            buf[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[count++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void drain() throws IOException {
        if (count > 0) {
            handedOn += count;
            if (handedOn > limit) throw new TooLong(limit);
            out.write(buf, 0, count);
            count = 0;
        }
    }

    /** Hands the bytes so far to the stream; a surrogate still waiting for its low half stays buffered. */
    @Override
    public void flush() throws IOException {
        drain();
    }

    /** Ends the text (a lone high surrogate at the very end becomes {@code ?}) and hands it on; {@code out} stays open. */
    @Override
    public void close() throws IOException {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            if (buf.length - count < 1) drain();
            buf[count++] = '?';
        }
        drain();
    }
}
