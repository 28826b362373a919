package dev.duet.spi;

import dev.duet.Headers;

import java.net.InetSocketAddress;

/**
 * A request as a server core received it: what the core hands to {@link dev.duet.App#dispatch}.
 * Cores implement it over their native request without copying where they can.
 */
public interface RawRequest {
    /** The method token as sent, e.g. {@code GET}. */
    String method();

    /** The request target as sent: path and query, still percent-encoded. */
    String uri();

    /** The header fields as received, read-only and in order; names compare case-insensitively and a name may repeat. */
    Headers headers();

    /**
     * The whole body (already bounded by the core's body limit); empty array if none, and empty
     * for a body given as {@link #multipart()}.
     */
    byte[] body();

    /**
     * A {@code multipart/form-data} body, parsed by the core with {@link MultipartParser} (its
     * files on disk or in memory), or null for any other body. The request owns it from dispatch
     * on and deletes its temp files when it ends.
     */
    default MultipartForm multipart() {
        return null;
    }

    /**
     * The peer's address, without a DNS lookup: the client's, or the last proxy's. May be null
     * when the core cannot tell (a container that reports no address).
     */
    InetSocketAddress remoteAddress();

    /** True if the connection is TLS. */
    boolean secure();

    /**
     * The connection the request came on, as an identity only (compared with {@code ==}): for a
     * core whose loops run the blocking work of one connection's pipelined requests in turn
     * ({@link EventLoopThread#startRequestThread}). Null by default.
     */
    default Object connection() {
        return null;
    }
}
