package dev.duet.netty;

import dev.duet.Headers;
import dev.duet.spi.MultipartForm;
import dev.duet.spi.RawRequest;

import java.net.InetSocketAddress;

/** A complete request as read off a connection: what {@code App.dispatch} receives. */
record NettyRequest(String method, String uri, Headers headers, byte[] body, InetSocketAddress remoteAddress,
                    MultipartForm multipart, Object connection) implements RawRequest {

    @Override
    public boolean secure() {
        return false;
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
