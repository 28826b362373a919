package dev.duet.netty;

import dev.duet.spi.OutgoingResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Where {@link OutgoingResponse} writes a response's headers on Netty: straight into the message's
 * {@link HttpHeaders}. The {@code Date} and {@code Server} values go in as {@link AsciiString}s,
 * which the encoder copies without re-encoding them. One per HTTP version a server answers:
 * HTTP/1.0 has no chunks (a streamed body ends with the connection) and keeps a connection alive
 * only when it says so.
 */
final class NettyHeaderSink implements OutgoingResponse.HeaderSink<HttpHeaders> {
    private static final DefaultHttpHeadersFactory UNVALIDATED =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false).withCombiningHeaders(false);

    /**
     * Netty's headers for one response: not validated again (Duet checked each value when the
     * app set it), and sized for the handful a response has (Netty's default table has 16 slots).
     */
    private static final class ResponseHeaders extends DefaultHttpHeaders {
        ResponseHeaders() {
            super(UNVALIDATED.getNameValidator(), UNVALIDATED.getValueValidator(), 8);
        }
    }

    private final boolean http11;
    private final String serverSetting;
    private final AsciiString server;

    /** For HTTP/1.1 if {@code http11}, else HTTP/1.0; {@code serverSetting} is the {@code serverHeader} setting. */
    NettyHeaderSink(boolean http11, String serverSetting) {
        this.http11 = http11;
        this.serverSetting = serverSetting;
        this.server = AsciiString.of(serverSetting);
    }

    /** Empty headers for a response, for {@link OutgoingResponse#writeHeaders} to fill. */
    static HttpHeaders newHeaders() {
        return new ResponseHeaders();
    }

    @Override
    public void add(HttpHeaders target, String name, String value) {
        target.add(name, value);
    }

    @Override
    public void contentType(HttpHeaders target, String value) {
        target.add(HttpHeaderNames.CONTENT_TYPE, value);
    }

    @Override
    public void server(HttpHeaders target, String value) {
        target.add(HttpHeaderNames.SERVER, value.equals(serverSetting) ? server : value);
    }

    @Override
    public void date(HttpHeaders target, String value) {
        target.add(HttpHeaderNames.DATE, DateHeader.of(value));
    }

    @Override
    public void contentLength(HttpHeaders target, long length) {
        if (length <= Integer.MAX_VALUE) target.addInt(HttpHeaderNames.CONTENT_LENGTH, (int) length);
        else target.add(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
    }

    @Override
    public void chunked(HttpHeaders target) {
        if (http11) target.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }

    @Override
    public void connection(HttpHeaders target, boolean close) {
        if (close) {
            target.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!http11) {
            target.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }
}
