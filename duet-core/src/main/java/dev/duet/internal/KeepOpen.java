package dev.duet.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A stream that passes everything on but the close, which only flushes: handed to code that must
 * close what it wraps (a compressing stream finishing its coding) while the stream underneath
 * still belongs to the core writing the response.
 */
public final class KeepOpen extends FilterOutputStream {
    /** Wraps {@code out}. */
    public KeepOpen(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len); // FilterOutputStream would write it a byte at a time
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
