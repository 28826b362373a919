package dev.duet.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, telling its connection when a request has started arriving, so that
 * the read timeout (slowloris guard) can run from the first byte of a request rather than from
 * its complete header block, which is all the handler after the decoder could see.
 *
 * <p>A request "is arriving" while the decoder holds an unfinished message (its request line has
 * been parsed) or unconsumed bytes (a partial request line). Netty 4.2's line parser leaves an
 * incomplete line in the cumulation buffer, so {@link #internalBuffer()} tells the second case.
 */
final class RequestDecoder extends HttpRequestDecoder {
    private final HttpConnection connection;

    RequestDecoder(HttpDecoderConfig config, HttpConnection connection) {
        super(config);
        this.connection = connection;
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        connection.messageStarted();
        return super.createMessage(initialLine);
    }

    /**
     * A request with both Content-Length and Transfer-Encoding is refused (400) rather than
     * repaired, as RFC 9112 §6.3 allows: the two framings disagreeing is how request smuggling
     * through a proxy starts.
     */
    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding are present");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        connection.afterDecode(internalBuffer().isReadable());
    }
}
