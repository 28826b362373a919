package dev.duet.servlet;

import dev.duet.Config;
import dev.duet.spi.CoreErrors;
import dev.duet.spi.OutgoingResponse;
import dev.duet.spi.RequestGrammar;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In front of the servlet, at Jetty's core level: holds the request line to {@code maxUriLength}
 * (414) and the header block to {@code maxHeaderSize} (431) with the Netty core's messages, and
 * counts the requests in progress on each connection, so shutdown can tell idle connections from
 * busy ones. (That no idle timeout cuts a request in progress short is {@link JettyConnection}'s.)
 */
final class JettyHandler extends Handler.Wrapper {
    private final Config config;
    private final JettyServer server;
    private final Map<EndPoint, AtomicInteger> busy = new ConcurrentHashMap<>();

    JettyHandler(Config config, JettyServer server) {
        this.config = config;
        this.server = server;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        // The line as Netty measures it: method, target, version, two spaces.
        String target = JettyConnection.targetAsSent(request);
        long line = request.getMethod().length() + (target == null ? 0 : target.length())
                + request.getConnectionMetaData().getProtocol().length() + 2;
        if (line > config.maxUriLength()) return refuse(request, response, callback, 414, CoreErrors.uriTooLong(config));
        long headers = 0;
        for (HttpField f : request.getHeaders()) headers += f.getName().length() + f.getValue().length() + 4;
        if (headers > config.maxHeaderSize()) return refuse(request, response, callback, 431, CoreErrors.headersTooLarge(config));
        // Jetty frames a body as chunked whatever codings come before (and in HTTP/1.0 too): Duet refuses those, as on Netty.
        RequestGrammar.Refusal te = RequestGrammar.transferEncoding(request.getHeaders().getValuesList(HttpHeader.TRANSFER_ENCODING),
                request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_0);
        if (te != null) return refuse(request, response, callback, te.status(), te.message());

        EndPoint ep = request.getConnectionMetaData().getConnection().getEndPoint();
        AtomicInteger n = busy.computeIfAbsent(ep, k -> new AtomicInteger());
        n.incrementAndGet();
        Request.addCompletionListener(request, x -> {
            if (n.decrementAndGet() <= 0) busy.remove(ep, n);
        });
        return super.handle(request, response, callback);
    }

    /** True if a request is in progress on {@code ep}. */
    boolean busy(EndPoint ep) {
        AtomicInteger n = busy.get(ep);
        return n != null && n.get() > 0;
    }

    private boolean refuse(Request request, Response response, Callback callback, int status, String message) {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        // Written whole even to a HEAD request: Jetty leaves the body out of a HEAD answer itself.
        OutgoingResponse out = OutgoingResponse.of(CoreErrors.response(config, status, message, accept), false, config);
        response.setStatus(out.status());
        out.writeHeaders(response.getHeaders(), JettyHeaderSink.INSTANCE, true);
        response.write(true, ByteBuffer.wrap(out.body()), callback);
        return true;
    }

    JettyServer server() {
        return server;
    }
}
