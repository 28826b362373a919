package dev.duet.netty;

import dev.duet.spi.RequestGrammar;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.List;

/**
 * Netty's request decoder, with what Duet adds to it:
 * <ul>
 * <li>It tells its connection when a request has started arriving, so that the read timeout
 *     (slowloris guard) can run from the first byte of a request rather than from its complete
 *     header block, which is all the handler after the decoder could see. A request "is arriving"
 *     while the decoder holds an unfinished message (its request line has been parsed) or
 *     unconsumed bytes (a partial request line). Netty 4.2's line parser leaves an incomplete line
 *     in the cumulation buffer, so {@link #internalBuffer()} tells the second case.
 * <li>The request line is held to {@link RequestGrammar}: the version (505 for one Duet does not
 *     speak, 400 for a malformed one, where Netty would echo either in its answer) and the target.
 * <li>A header folded over two lines (obs-fold, RFC 9112 §5.2) is noticed, which Netty unfolds
 *     silently, so that it is refused: a proxy in front may read the field another way.
 * </ul>
 */
final class RequestDecoder extends HttpRequestDecoder {
    private final HttpConnection connection;
    /** The next bytes are a request's head (not its body): the ones scanned for folded lines. */
    private boolean inHead = true;
    /** The request line of the head being read has been parsed: its header lines start the buffer. */
    private boolean lineParsed;
    private final int headLimit;

    RequestDecoder(HttpDecoderConfig config, HttpConnection connection, int headLimit) {
        super(config);
        this.connection = connection;
        this.headLimit = headLimit;
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        connection.messageStarted();
        lineParsed = true;
        RequestGrammar.Refusal version = RequestGrammar.version(initialLine[2]);
        if (version != null) throw new Refused(version);
        RequestGrammar.Refusal target = RequestGrammar.target(initialLine[0], initialLine[1]);
        if (target != null) throw new Refused(target);
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
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (inHead && foldedLine(buffer)) connection.foldedHeader();
        int before = out.size();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            Object m = out.get(i);
            if (m instanceof HttpMessage) inHead = false;
            if (m instanceof LastHttpContent) {
                inHead = true;
                lineParsed = false;
            }
        }
    }

    /**
     * True if the head at the start of {@code buffer} has a line that starts with a space or a tab
     * (a continuation of the field before it). Only the head is looked at, at most as far as the
     * limits on it reach.
     */
    private boolean foldedLine(ByteBuf buffer) {
        int from = buffer.readerIndex();
        int to = Math.min(buffer.writerIndex(), from + headLimit);
        // From line start to line start: indexOf finds each LF a word at a time, where a loop of
        // getByte checked every byte of every request's head.
        int i = lineParsed ? from : nextLine(buffer, from, to);
        while (i >= 0 && i < to) {
            byte b = buffer.getByte(i);
            if (b == ' ' || b == '\t') return true;
            if (b == '\r' || b == '\n') return false; // the blank line: the head is over
            i = nextLine(buffer, i, to);
        }
        return false;
    }

    /** Where the line after the one at {@code from} starts, or -1 if its LF is not before {@code to}. */
    private static int nextLine(ByteBuf buffer, int from, int to) {
        int lf = buffer.indexOf(from, to, (byte) '\n');
        return lf < 0 ? -1 : lf + 1;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        connection.afterDecode(internalBuffer().isReadable());
    }

    /** A request line {@link RequestGrammar} refuses: the decoder fails the message with it. */
    static final class Refused extends IllegalArgumentException {
        final transient RequestGrammar.Refusal refusal;

        Refused(RequestGrammar.Refusal refusal) {
            super(refusal.message());
            this.refusal = refusal;
        }
    }
}
