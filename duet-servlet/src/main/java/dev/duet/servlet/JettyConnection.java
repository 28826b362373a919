package dev.duet.servlet;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Jetty's HTTP/1.1 connection, changed as the Jetty core needs and no setting of Jetty's allows (it
 * extends a class of Jetty's {@code internal} package, through the extension points Jetty keeps
 * protected for this): a request target with a malformed percent-escape reaches the app, which
 * answers its own precise 400, as on Netty. Jetty parses it with {@link MalformedEscapes stray %
 * escaped}, and the request carries the target as sent in {@link #TARGET_AS_SENT}.
 */
final class JettyConnection extends HttpConnection {
    /** The request attribute holding the target as the client sent it, when Jetty was given another. */
    static final String TARGET_AS_SENT = "dev.duet.servlet.targetAsSent";

    JettyConnection(HttpConfiguration config, Connector connector, EndPoint endPoint) {
        super(config, connector, endPoint);
    }

    /** The request target as the client sent it: path (still encoded) and query. */
    static String targetAsSent(Request request) {
        return request.getAttribute(TARGET_AS_SENT) instanceof String sent ? sent : request.getHttpURI().getPathQuery();
    }

    @Override
    protected HttpStreamOverHTTP1 newHttpStream(String method, String target, HttpVersion version) {
        String parsable = MalformedEscapes.escape(target);
        if (parsable == target) return super.newHttpStream(method, target, version);
        return new EscapedTargetStream(method, parsable, version, target);
    }

    /** A request whose target Jetty got escaped: the request remembers the one sent. */
    private final class EscapedTargetStream extends HttpStreamOverHTTP1 {
        private final String sent;

        EscapedTargetStream(String method, String parsable, HttpVersion version, String sent) {
            super(method, parsable, version);
            this.sent = sent;
        }

        @Override
        public Runnable headerComplete() {
            Runnable handle = super.headerComplete();
            Request request = getHttpChannel().getRequest();
            if (request != null) request.setAttribute(TARGET_AS_SENT, sent);
            return handle;
        }
    }

    /** Makes {@link JettyConnection}s, configured as Jetty's factory configures its own. */
    static final class Factory extends HttpConnectionFactory {
        Factory(HttpConfiguration config) {
            super(config);
        }

        @Override
        public org.eclipse.jetty.io.Connection newConnection(Connector connector, EndPoint endPoint) {
            JettyConnection connection = new JettyConnection(getHttpConfiguration(), connector, endPoint);
            connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
            return configure(connection, connector, endPoint);
        }
    }
}
