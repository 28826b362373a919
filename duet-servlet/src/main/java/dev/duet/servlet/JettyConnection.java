package dev.duet.servlet;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.internal.HttpConnection;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Jetty's HTTP/1.1 connection, with two changes the Jetty core needs and no setting of Jetty's
 * gives (it extends a class of Jetty's {@code internal} package, through the extension points
 * Jetty keeps protected for this):
 * <ul>
 * <li>A request target with a malformed percent-escape reaches the app, which answers its own
 *     precise 400, as on Netty: Jetty parses it with {@link MalformedEscapes stray % escaped}, and
 *     the request carries the target as sent in {@link #TARGET_AS_SENT}.
 * <li>While a request is in progress (from the end of its headers until its response is complete),
 *     the connection's idle timeout closes nothing unless a read or a write is pending: a stalled
 *     upload or a client that stopped reading still times out, but a request merely handled for
 *     longer than {@code idleTimeout} is not cut short, as on Netty. Jetty's own rule has holes
 *     this closes: a request parsed but not yet handed to its handler counts as idle; once
 *     handled, the servlet layer's idle-timeout listener fails the request if it finds the servlet
 *     done, even while the response is still being completed; Jetty's idle check can take a
 *     connection active a moment ago for idle; and a request the client sent but a busy Jetty has
 *     not read yet is lost with its connection.
 * </ul>
 */
final class JettyConnection extends HttpConnection {
    /** The request attribute holding the target as the client sent it, when Jetty was given another. */
    static final String TARGET_AS_SENT = "dev.duet.servlet.targetAsSent";

    JettyConnection(HttpConfiguration config, Connector connector, EndPoint endPoint, dev.duet.Config duet) {
        super(config, connector, endPoint);
        if (getParser() instanceof JettyParser p) {
            p.deadline(new JettyReadDeadline(connector.getScheduler(), duet, endPoint, this::writePending));
        }
    }

    /** The request target as the client sent it: path (still encoded) and query. */
    static String targetAsSent(Request request) {
        return request.getAttribute(TARGET_AS_SENT) instanceof String sent ? sent : request.getHttpURI().getPathQuery();
    }

    /** Jetty's parser, made a {@link JettyParser} (with the handler and settings Jetty gives its own). */
    @Override
    protected HttpParser newHttpParser(HttpCompliance compliance) {
        HttpParser jettys = super.newHttpParser(compliance);
        JettyParser ours = new JettyParser((HttpParser.RequestHandler) jettys.getHandler(),
                getHttpConfiguration().getRequestHeaderSize(), compliance);
        ours.setHeaderCacheSize(jettys.getHeaderCacheSize());
        ours.setHeaderCacheCaseSensitive(jettys.isHeaderCacheCaseSensitive());
        return ours;
    }

    /**
     * A request line Jetty accepted is held to {@link dev.duet.spi.RequestGrammar} as sent (a
     * refusal thrown here is Jetty's parser failing the request: a 400 or 505, then the close).
     */
    @Override
    protected HttpStreamOverHTTP1 newHttpStream(String method, String target, HttpVersion version) {
        if (getParser() instanceof JettyParser p && !p.refusing()) {
            String sent = p.requestLine();
            dev.duet.spi.RequestGrammar.Refusal r = sent != null ? JettyParser.check(sent)
                    : dev.duet.spi.RequestGrammar.target(method, target);
            if (r != null) throw new HttpException.RuntimeException(r.status(), r.why());
        }
        String parsable = MalformedEscapes.escape(target);
        if (parsable == target) return super.newHttpStream(method, target, version);
        return new EscapedTargetStream(method, parsable, version, target);
    }

    /** Not expired (checked again an idle timeout later) unless the connection is {@link #idle()}. */
    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return idle() && super.onIdleExpired(timeout);
    }

    /**
     * Idle as Duet means it: nothing happened for the idle timeout, and either no request is in
     * progress or the one in progress waits on the client, for bytes it does not send or to take
     * bytes it does not read.
     */
    private boolean idle() {
        boolean waitingOnTheClient = writePending()
                || (!unreadBytesWaiting() && (!requestInProgress() || getEndPoint().isFillInterested()));
        // Asked last: a request that completed while the above was asked shows as activity here.
        return waitingOnTheClient && !activeSinceTheCheck();
    }

    /**
     * Jetty's idle check reads the time of the last activity once, then calls this: a response
     * written (or a request read) since must not be taken for idleness, as it is when a request
     * takes a multiple of the idle timeout.
     */
    private boolean activeSinceTheCheck() {
        return getEndPoint() instanceof IdleTimeout ep && ep.getIdleFor() < ep.getIdleTimeout();
    }

    private boolean writePending() {
        return getEndPoint() instanceof AbstractEndPoint ep && ep.getWriteFlusher().isPending();
    }

    /**
     * Bytes the client sent that Jetty has not read yet: its reader is late (a busy machine), the
     * client is not idle. (Not asked while a write is pending: a client that sends but does not
     * read is stalled.)
     */
    private boolean unreadBytesWaiting() {
        if (!(getEndPoint() instanceof SocketChannelEndPoint ep)) return false;
        try {
            return ep.getChannel().socket().getInputStream().available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean requestInProgress() {
        return getHttpChannel().getRequest() != null;
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
        private final dev.duet.Config duet;

        Factory(HttpConfiguration config, dev.duet.Config duet) {
            super(config);
            this.duet = duet;
        }

        @Override
        public org.eclipse.jetty.io.Connection newConnection(Connector connector, EndPoint endPoint) {
            JettyConnection connection = new JettyConnection(getHttpConfiguration(), connector, endPoint, duet);
            connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
            return configure(connection, connector, endPoint);
        }
    }
}
