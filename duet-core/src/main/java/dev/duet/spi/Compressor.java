package dev.duet.spi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A content coding Duet can compress responses with ({@code gzip} is built in). Found by
 * {@link java.util.ServiceLoader}, so that a coding with a native library behind it, such as
 * {@code br} in {@code duet-brotli}, stays out of {@code duet-core} until an app puts it on its
 * class path. An implementation is stateless and safe to call from many threads at once.
 *
 * <pre>{@code
 * // META-INF/services/dev.duet.spi.Compressor (or `provides dev.duet.spi.Compressor with ...`)
 * public final class MyCoding implements Compressor {
 *     public String coding() { return "zstd"; }
 *     public byte[] compress(byte[] body) { ... }
 *     public OutputStream compressing(OutputStream out) { ... }
 * }
 * }</pre>
 *
 * <p>Duet only chooses the codings it knows how to rank ({@code br}, then {@code gzip});
 * another coding is ignored.
 */
public interface Compressor {
    /** The content coding's token, lower case, as in {@code Content-Encoding}: {@code gzip}, {@code br}. */
    String coding();

    /** {@code body}, compressed whole; the array passed in is not changed. */
    byte[] compress(byte[] body);

    /**
     * A stream that compresses what is written to it into {@code out}. Its {@code flush()} sends
     * what was written so far (a sync flush, so a streamed body keeps arriving as it is written);
     * its {@code close()} finishes the compressed data and closes {@code out} as any wrapping stream
     * does: Duet hands it a stream whose close only flushes, so the core's own stays open.
     */
    OutputStream compressing(OutputStream out) throws IOException;
}
