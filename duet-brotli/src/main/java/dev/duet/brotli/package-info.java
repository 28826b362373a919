/**
 * Brotli ({@code br}) response compression: {@link dev.duet.brotli.BrotliCompressor}, found by
 * Duet's response compression through {@link dev.duet.spi.Compressor}.
 */
package dev.duet.brotli;
