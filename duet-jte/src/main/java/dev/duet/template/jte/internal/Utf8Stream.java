package dev.duet.template.jte.internal;

import gg.jte.TemplateOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * jte's output, written as UTF-8 straight into an {@link OutputStream} through one small buffer:
 * the static parts of a template come precompiled as UTF-8 ({@code binaryStaticContent}) and are
 * copied as they are; the dynamic parts (escaped a few characters at a time) are encoded into the
 * buffer without a String or byte[] apiece. Not thread-safe: one per render.
 */
public final class Utf8Stream implements TemplateOutput {
    // Small: the stream behind it is usually a buffer already (the rendered page), so this one only
    // batches small writes; 8 KiB here was two thirds of a fortunes render's allocation.
    private static final int SIZE = 2048;

    private final OutputStream out;
    private final byte[] buf = new byte[SIZE];
    private int used;

    public Utf8Stream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void writeBinaryContent(byte[] bytes) {
        if (bytes.length > SIZE - used) {
            drain();
            if (bytes.length > SIZE) {
                write(bytes, 0, bytes.length);
                return;
            }
        }
        System.arraycopy(bytes, 0, buf, used, bytes.length);
        used += bytes.length;
    }

    @Override
    public void writeContent(String s) {
        writeContent(s, 0, s.length());
    }

    @Override
    public void writeContent(String s, int begin, int end) {
        int i = begin;
        while (i < end) {
            if (SIZE - used < 4) drain(); // room for the longest UTF-8 sequence
            // ASCII, the common case, a byte a char while both the text and the buffer last
            int stop = Math.min(end, i + SIZE - used);
            char c;
            while (i < stop && (c = s.charAt(i)) < 0x80) {
                buf[used++] = (byte) c;
                i++;
            }
            if (i == end) return;
            if (SIZE - used < 4) continue;
            c = s.charAt(i++);
            if (c < 0x800) {
                buf[used++] = (byte) (0xC0 | c >> 6);
                buf[used++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i < end && Character.isLowSurrogate(s.charAt(i))) {
                int cp = Character.toCodePoint(c, s.charAt(i++));
                buf[used++] = (byte) (0xF0 | cp >> 18);
                buf[used++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[used++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[used++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                buf[used++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) writes it
            } else {
                buf[used++] = (byte) (0xE0 | c >> 12);
                buf[used++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[used++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }

    /** Writes what is buffered to the stream (not flushing the stream itself: its owner decides). */
    public void finish() throws IOException {
        try {
            drain();
        } catch (StreamFailed e) {
            throw e.getCause();
        }
    }

    private void drain() {
        if (used > 0) {
            write(buf, 0, used);
            used = 0;
        }
    }

    private void write(byte[] bytes, int offset, int length) {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            // jte's output cannot throw IOException: it travels through the template as this, and
            // JteTemplates hands the IOException itself back to the caller
            throw new StreamFailed(e);
        }
    }

    /** The stream failed while a template was written to it. */
    public static final class StreamFailed extends UncheckedIOException {
        StreamFailed(IOException cause) {
            super(cause);
        }
    }
}
