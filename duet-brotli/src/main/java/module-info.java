/**
 * Brotli ({@code br}) response compression for Duet, on Brotli4j and its native library, kept out
 * of {@code dev.duet.core}: {@link dev.duet.brotli.BrotliCompressor}, a
 * {@link dev.duet.spi.Compressor} that Duet finds by itself.
 */
module dev.duet.brotli {
    exports dev.duet.brotli;

    requires transitive dev.duet.core;
    requires com.aayushatharva.brotli4j;

    provides dev.duet.spi.Compressor with dev.duet.brotli.BrotliCompressor;
}
