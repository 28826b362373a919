package dev.duet.netty;

import dev.duet.Config;
import dev.duet.spi.CoreErrors;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Turns what {@link RequestDecoder} reads off one connection (a request head, then its body in
 * chunks) into whole requests, and refuses those the core must (413, 414, 431, 400, 417) through
 * {@link HttpConnection#refuse}. Touched only on the connection's event loop.
 *
 * <p>It does its own body aggregation rather than using {@code HttpObjectAggregator}, because it
 * needs things the aggregator does not do: Duet's 413 message, a 413 <em>before</em>
 * {@code 100 Continue} is sent, a 100 Continue that waits its turn behind pipelined responses
 * ({@link ResponseQueue#sendContinue}), and copying the body straight into the {@code byte[]} that
 * {@link dev.duet.spi.RawRequest#body()} returns (no composite buffer, no copy at the end: a body
 * up to 64 KiB gets its exact array at once, a larger one grows to exactly its Content-Length as
 * it arrives, so a client cannot make the server reserve memory it never sends).
 */
final class RequestReader {
    private static final Logger log = LoggerFactory.getLogger(RequestReader.class);

    private static final byte[] NO_BODY = new byte[0];
    private static final int INITIAL_BODY = 64 * 1024;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final HttpConnection connection;
    private final Config config;
    private final long maxBody;

    private HttpRequest head;
    private byte[] body;
    private int bodyLength;
    private long expected;

    RequestReader(HttpConnection connection, Config config) {
        this.connection = connection;
        this.config = config;
        this.maxBody = Math.min(config.maxBodySize(), MAX_ARRAY);
    }

    /** The head of the request being read, or null. */
    HttpRequest current() {
        return head;
    }

    /** Forgets the request being read: it was refused, or the connection closed. */
    void discard() {
        head = null;
        body = null;
        bodyLength = 0;
    }

    /** A request line and header block, decoded (or not). */
    void onHead(HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            decodeFailed(req.decoderResult().cause(), false);
            return;
        }
        connection.requestArriving();
        head = req;
        body = null;
        bodyLength = 0;
        HttpHeaders h = req.headers();
        if (h.contains(HttpHeaderNames.TRANSFER_ENCODING) && !HttpUtil.isTransferEncodingChunked(req)) {
            connection.refuse(400, "Unsupported Transfer-Encoding: " + h.get(HttpHeaderNames.TRANSFER_ENCODING)
                    + " (chunked must be the final coding)", req);
            return;
        }
        long length = HttpUtil.getContentLength(req, -1L);
        if (length > maxBody) {
            connection.refuse(413, CoreErrors.bodyTooLarge(config), req);
            return;
        }
        String expect = h.get(HttpHeaderNames.EXPECT);
        if (expect != null && req.protocolVersion().minorVersion() >= 1) {
            if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
                connection.refuse(417, CoreErrors.expectation(expect), req);
                return;
            }
            if (length != 0) connection.continueWanted(); // no body coming, nothing to continue
        }
        expected = length;
        // Sized from Content-Length, but a client only gets what it sends: a large declared body
        // starts smaller and grows (up to exactly its length) as bytes arrive.
        if (length > 0) body = new byte[(int) Math.min(length, INITIAL_BODY)];
    }

    /** A piece of the body (or the failure to decode it); the last one completes the request. */
    void onContent(HttpContent c) {
        if (c.decoderResult().isFailure()) {
            decodeFailed(c.decoderResult().cause(), true);
            return;
        }
        if (head == null) return;
        ByteBuf data = c.content();
        int n = data.readableBytes();
        if (n > 0) {
            long total = (long) bodyLength + n;
            if (total > maxBody) {
                connection.refuse(413, CoreErrors.bodyTooLarge(config), head);
                return;
            }
            long bound = expected > 0 ? expected : maxBody;
            if (body == null) {
                body = new byte[(int) Math.min(bound, Math.max(n, 4096))];
            } else if (total > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(bound, Math.max(total, body.length * 2L)));
            }
            data.getBytes(data.readerIndex(), body, bodyLength, n);
            bodyLength = (int) total;
        }
        if (c instanceof LastHttpContent) {
            HttpRequest req = head;
            byte[] bytes = bodyLength == 0 ? NO_BODY : body.length == bodyLength ? body : Arrays.copyOf(body, bodyLength);
            discard();
            connection.requestRead(req, bytes);
        }
    }

    private void decodeFailed(Throwable cause, boolean inBody) {
        if (cause instanceof TooLongHttpHeaderException) {
            connection.refuse(431, CoreErrors.headersTooLarge(config), null);
        } else if (cause instanceof TooLongHttpLineException && !inBody) {
            connection.refuse(414, CoreErrors.uriTooLong(config), null);
        } else {
            log.debug("Malformed request from {}", connection.remote(), cause);
            connection.refuse(400, CoreErrors.malformed(cause == null ? null : cause.getMessage()), null);
        }
    }
}
