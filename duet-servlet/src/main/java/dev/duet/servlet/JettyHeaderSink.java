package dev.duet.servlet;

import dev.duet.spi.OutgoingResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Where the Jetty core's own answers (refusals written at Jetty's level, before any servlet) put
 * their headers: straight into Jetty's fields. Jetty frames the body itself.
 */
final class JettyHeaderSink implements OutgoingResponse.HeaderSink<HttpFields.Mutable> {
    static final JettyHeaderSink INSTANCE = new JettyHeaderSink();

    private JettyHeaderSink() {
    }

    @Override
    public void add(HttpFields.Mutable target, String name, String value) {
        target.add(name, value);
    }

    @Override
    public void contentType(HttpFields.Mutable target, String value) {
        target.put(HttpHeader.CONTENT_TYPE, value);
    }

    @Override
    public void server(HttpFields.Mutable target, String value) {
        target.put(HttpHeader.SERVER, value);
    }

    @Override
    public void date(HttpFields.Mutable target, String value) {
        target.put(HttpHeader.DATE, value);
    }

    @Override
    public void contentLength(HttpFields.Mutable target, long length) {
        target.put(HttpHeader.CONTENT_LENGTH, length);
    }

    @Override
    public void chunked(HttpFields.Mutable target) {
    }

    @Override
    public void connection(HttpFields.Mutable target, boolean close) {
        if (close) target.put(HttpHeader.CONNECTION, "close");
    }
}
