package dev.duet.netty;

import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.spi.CoreErrors;
import dev.duet.spi.MultipartForm;
import dev.duet.spi.MultipartParser;
import dev.duet.spi.RequestGrammar;
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
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
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
 *
 * <p>A {@code multipart/form-data} body is not gathered: it is bounded by {@code maxUploadSize}
 * instead of {@code maxBodySize} and streamed to a parser on a virtual thread
 * ({@link StreamedUpload}), and the request is dispatched once the parser has it all, fields and
 * files. Until then, anything pipelined behind it waits ({@link #defer}).
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
    /** The multipart body being received, streamed to its parser instead of gathered here; or null. */
    private StreamedUpload upload;
    /**
     * What arrived behind a whole upload still being parsed: the next requests, read once it is
     * dispatched. Made on first use: most connections never upload, and an idle one should hold little.
     */
    private ArrayDeque<Object> deferred;
    /** The decoder saw a folded header line in the head being read. */
    private boolean folded;

    RequestReader(HttpConnection connection, Config config) {
        this.connection = connection;
        this.config = config;
        this.maxBody = Math.min(config.maxBodySize(), MAX_ARRAY);
    }

    /** The head of the request being read, or null. */
    HttpRequest current() {
        return head;
    }

    /** Forgets the request being read: it was refused, or the connection closed (its upload's temp files go too). */
    void discard() {
        forget();
        if (deferred == null) return;
        Object m;
        while ((m = deferred.poll()) != null) ReferenceCountUtil.release(m);
    }

    private void forget() {
        head = null;
        body = null;
        bodyLength = 0;
        if (upload != null) {
            upload.cancel();
            upload = null;
        }
    }

    /**
     * Keeps {@code msg} for later if it arrived behind a whole upload that is still being parsed
     * (a pipelined request must not be dispatched before it); true if kept (and retained).
     */
    boolean defer(Object msg) {
        if (upload == null || !upload.inputEnded()) return false;
        if (deferred == null) deferred = new ArrayDeque<>(2);
        deferred.add(ReferenceCountUtil.retain(msg));
        return true;
    }

    /** True if the connection should not read for now: an upload's parser is behind, or its body is over. */
    boolean holdsReading() {
        return upload != null && upload.holdsReading();
    }

    /** The upload asks to pause or resume reading. */
    void flowChanged() {
        connection.updateAutoRead();
    }

    /** On the loop: {@code u}'s body is parsed; dispatched, unless it was given up meanwhile. */
    void uploadParsed(StreamedUpload u, MultipartForm form) {
        if (u != upload) {
            form.delete();
            return;
        }
        HttpRequest req = head;
        upload = null;
        forget();
        connection.requestRead(req, NO_BODY, form);
        if (deferred != null && !deferred.isEmpty()) {
            ArrayDeque<Object> next = deferred; // (a message replayed may be deferred again, into a new one)
            deferred = null;
            connection.replay(next);
        }
        connection.updateAutoRead();
    }

    /** On the loop: the parser refused {@code u}'s body (its temp files are gone already). */
    void uploadFailed(StreamedUpload u, int status, String message) {
        if (u == upload) connection.refuse(status, message, head);
    }

    /** A request line and header block, decoded (or not). */
    void onHead(HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            decodeFailed(req.decoderResult().cause(), false);
            return;
        }
        connection.requestArriving();
        forget();
        head = req;
        HttpHeaders h = req.headers();
        boolean http10 = req.protocolVersion().minorVersion() == 0;
        RequestGrammar.Refusal r = folded ? new RequestGrammar.Refusal(400, "a header folded over lines (obs-fold)")
                : RequestGrammar.host(h.getAll(HttpHeaderNames.HOST), !http10);
        folded = false;
        if (r == null) r = RequestGrammar.transferEncoding(h.getAll(HttpHeaderNames.TRANSFER_ENCODING), http10);
        if (r != null) {
            connection.refuse(r.status(), r.message(), req);
            return;
        }
        long length = HttpUtil.getContentLength(req, -1L);
        boolean multipart = MultipartParser.isMultipart(h.get(HttpHeaderNames.CONTENT_TYPE));
        if (length > (multipart ? config.maxUploadSize() : maxBody)) {
            connection.refuse(413, multipart ? MultipartParser.uploadTooLarge(config) : CoreErrors.bodyTooLarge(config), req);
            return;
        }
        if (multipart) {
            try {
                upload = new StreamedUpload(this, connection.executor(), config, h.get(HttpHeaderNames.CONTENT_TYPE));
            } catch (HttpError e) {
                connection.refuse(e.status(), e.getMessage(), req);
                return;
            }
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
        if (length > 0 && upload == null) body = new byte[(int) Math.min(length, INITIAL_BODY)];
    }

    /** A piece of the body (or the failure to decode it); the last one completes the request. */
    void onContent(HttpContent c) {
        if (c.decoderResult().isFailure()) {
            decodeFailed(c.decoderResult().cause(), true);
            return;
        }
        if (head == null) return;
        if (upload != null) {
            streamed(c);
            return;
        }
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
            forget();
            connection.requestRead(req, bytes, null);
        }
    }

    /** A piece of a multipart body: counted against {@code maxUploadSize} here, parsed on the upload's thread. */
    private void streamed(HttpContent c) {
        ByteBuf data = c.content();
        if (data.isReadable()) {
            if (upload.received() + data.readableBytes() > config.maxUploadSize()) {
                connection.refuse(413, MultipartParser.uploadTooLarge(config), head);
                return;
            }
            upload.offer(data.retain());
        }
        if (c instanceof LastHttpContent) {
            upload.endOfInput();
            connection.updateAutoRead();
        }
    }

    /** The head being read has a header folded over two lines: it is refused once decoded. */
    void folded() {
        folded = true;
    }

    private void decodeFailed(Throwable cause, boolean inBody) {
        folded = false;
        if (cause instanceof RequestDecoder.Refused r) {
            connection.refuse(r.refusal.status(), r.refusal.message(), null);
        } else if (cause instanceof TooLongHttpHeaderException) {
            connection.refuse(431, CoreErrors.headersTooLarge(config), null);
        } else if (cause instanceof TooLongHttpLineException && !inBody) {
            connection.refuse(414, CoreErrors.uriTooLong(config), null);
        } else {
            log.debug("Malformed request from {}", connection.remote(), cause);
            connection.refuse(400, CoreErrors.malformed(cause == null ? null : cause.getMessage()), null);
        }
    }
}
