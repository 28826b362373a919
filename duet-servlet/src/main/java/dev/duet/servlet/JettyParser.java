package dev.duet.servlet;

import dev.duet.spi.RequestGrammar;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpParser;

import java.nio.ByteBuffer;

/**
 * Jetty's request parser, held to {@link RequestGrammar} as the Netty core is, where Jetty's own
 * rules differ:
 * <ul>
 * <li>The request line is kept as sent, so that {@link JettyConnection} can check the version
 *     case-sensitively (Jetty takes {@code http/1.1} for {@code HTTP/1.1}) and the target as it
 *     came, and so that a line Jetty refuses is answered with the status the Netty core gives
 *     (505 for a version Duet does not speak, where Jetty says 426 for {@code HTTP/2.0}; 400 for a
 *     malformed one or an empty target, where Jetty says 505).
 * <li>A second {@code Host} field, or an invalid one, is refused here, before Jetty sees it: Jetty
 *     refuses it too, but first logs a WARN quoting the values as the client sent them (a
 *     log-flooding and log-injection risk).
 * </ul>
 */
final class JettyParser extends HttpParser {
    private static final byte[] HOST = {'h', 'o', 's', 't', ':'};
    /** A request line longer than this is not kept (Jetty refuses it anyway, past its header cap). */
    private final int maxLine;

    private final StringBuilder line = new StringBuilder(64);
    private boolean lineDone;
    // the header block being scanned for Host fields
    private boolean atFieldStart = true;
    private int hostMatched;
    private boolean fieldsDone;
    private int hosts;
    /** The value of the Host field being scanned, or null when the scan is not in one. */
    private StringBuilder hostValue;
    /** Refusing the request: the stream Jetty makes to answer it is not checked again. */
    private boolean refusing;
    // the read deadline: which request is arriving, and whether it still is (read from the scheduler's thread)
    private volatile long requestNumber;
    private volatile boolean reading;
    private JettyReadDeadline deadline;

    JettyParser(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
        super(handler, maxHeaderBytes, compliance);
        this.maxLine = maxHeaderBytes;
    }

    /** Starts {@code deadline}'s clock for each request as its first byte arrives. */
    void deadline(JettyReadDeadline deadline) {
        this.deadline = deadline;
    }

    /** True if request {@code number} has started arriving and is not read whole yet. */
    boolean reading(long number) {
        return reading && requestNumber == number;
    }

    /** The request line as sent (without its CRLF), once it has arrived whole; else null. */
    String requestLine() {
        return lineDone ? line.toString() : null;
    }

    @Override
    public boolean parseNext(ByteBuffer buffer) {
        if (isStart() && lineDone) restart();
        if (!lineDone && getState().ordinal() < State.HEADER.ordinal()) keepLine(buffer);
        if (isStart() && !reading && buffer.hasRemaining() && deadline != null) {
            reading = true;
            deadline.requestArriving(this, ++requestNumber);
        }
        try {
            return super.parseNext(buffer);
        } finally {
            State s = getState();
            // START again: only blank lines came, which are no request (RFC 9112 §2.2 lets them precede one)
            if (s == State.START || s == State.END || s == State.CLOSE || s == State.CLOSED) reading = false;
        }
    }

    private void restart() {
        line.setLength(0);
        lineDone = false;
        atFieldStart = true;
        hostMatched = 0;
        fieldsDone = false;
        hosts = 0;
        hostValue = null;
        refusing = false;
    }

    /** True while the request is being refused. */
    boolean refusing() {
        return refusing;
    }

    /** Copies the bytes of the request line that {@code buffer} holds, up to its LF (empty lines before it skipped). */
    private void keepLine(ByteBuffer buffer) {
        for (int i = buffer.position(); i < buffer.limit() && !lineDone; i++) {
            char c = (char) (buffer.get(i) & 0xff);
            if (c == '\n') {
                if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') line.setLength(line.length() - 1);
                lineDone = !line.isEmpty();
            } else if (line.length() < maxLine) {
                line.append(c);
            }
        }
    }

    @Override
    protected boolean parseFields(ByteBuffer buffer) {
        if (getState() == State.HEADER && !fieldsDone) countHosts(buffer);
        return super.parseFields(buffer);
    }

    private void countHosts(ByteBuffer buffer) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            byte b = buffer.get(i);
            if (atFieldStart && (b == '\r' || b == '\n')) {
                fieldsDone = true; // the blank line: the body (or the next request) follows
                return;
            }
            if (hostValue != null) {
                if (b == '\r' || b == '\n') {
                    // Jetty would log an invalid one at WARN, quoting it (HostPort's "Bad Authority")
                    RequestGrammar.Refusal r = RequestGrammar.host(java.util.List.of(hostValue.toString()), true);
                    hostValue = null;
                    if (r != null) throw new HttpException.RuntimeException(r.status(), r.why());
                } else if (hostValue.length() < maxLine) {
                    hostValue.append((char) (b & 0xff));
                }
            } else if (hostMatched >= 0 && (atFieldStart || hostMatched > 0)) {
                hostMatched = (b | 0x20) == HOST[hostMatched] ? hostMatched + 1 : -1;
                if (hostMatched == HOST.length) {
                    hostMatched = -1;
                    if (++hosts > 1) throw new HttpException.RuntimeException(400, "more than one Host header");
                    hostValue = new StringBuilder();
                }
            }
            atFieldStart = b == '\n';
            if (atFieldStart) hostMatched = 0;
        }
    }

    /** A request Jetty refuses: answered as {@link RequestGrammar} would have it, where it has a say. */
    @Override
    protected void badMessage(HttpException failure) {
        refusing = true;
        RequestGrammar.Refusal ours = lineDone ? check(line.toString()) : null;
        super.badMessage(ours == null ? failure : new HttpException.RuntimeException(ours.status(), ours.why()));
    }

    /** The request line's refusal, or null: its version first, then its target. */
    static RequestGrammar.Refusal check(String requestLine) {
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3) return null; // Jetty's own 400 says what is wrong
        RequestGrammar.Refusal version = RequestGrammar.version(parts[2]);
        return version != null ? version : RequestGrammar.target(parts[0], parts[1]);
    }
}
