package dev.duet.netty;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.EmptyHttpHeaders;

/**
 * Netty's response encoder, told which responses answer a HEAD request: those carry the headers
 * a GET would (Content-Length or Transfer-Encoding) but never a body, not even a last chunk.
 * ({@code HttpServerCodec} learns this by queueing request methods; Duet uses its own decoder,
 * so it marks the response instead.)
 */
final class ResponseEncoder extends HttpResponseEncoder {

    /** A response to a HEAD request: headers only. */
    static final class HeadResponse extends DefaultFullHttpResponse {
        HeadResponse(HttpVersion version, HttpResponseStatus status, HttpHeaders headers) {
            super(version, status, Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
        }
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        return msg instanceof HeadResponse || super.isContentAlwaysEmpty(msg);
    }
}
