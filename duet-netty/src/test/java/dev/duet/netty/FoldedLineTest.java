package dev.duet.netty;

import dev.duet.Response;
import dev.duet.conformance.RawClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A folded header line (obs-fold: a line starting with a space or a tab) is refused however the
 * head arrives: whole, or in pieces that split it at a line's start or in the middle of one. A
 * space elsewhere in a line is no fold. (The conformance suite sends each head in one piece.)
 */
class FoldedLineTest extends ServerTest {
    private static final String LINE = "GET /check HTTP/1.1\r\nHost: x\r\n";

    private void refused(String... pieces) throws Exception {
        try (RawClient c = raw()) {
            for (String piece : pieces) {
                c.send(piece);
                Thread.sleep(30); // so the server likely reads each piece on its own
            }
            assertThat(c.read().status()).isEqualTo(400);
            assertThat(c.closedWithin(5_000)).isTrue();
        }
    }

    @Test
    void aFoldIsRefusedWhetherTheHeadArrivesWholeOrInPieces() throws Exception {
        start(app -> app.get("/check", req -> "ok"));
        refused(LINE + "X-A: a\r\n b\r\n\r\n");
        refused(LINE + "X-A: a\r\n", " b\r\n\r\n");      // the fold opens the second piece
        refused(LINE + "X-A: a\r\n\t", "b\r\n\r\n");     // a tab, the piece split right after it
        refused("GET /check HTTP/1.1\r\nHo", "st: x\r\nX-A: a\r\n b\r\n\r\n"); // split inside a line
        refused("GET /check HTT", "P/1.1\r\nHost: x\r\n b\r\n\r\n");             // split in the request line
    }

    @Test
    void spacesInsideLinesAreNoFoldInAnyPiece() throws Exception {
        start(app -> app.get("/check", req -> Response.text(req.header("X-A"))));
        try (RawClient c = raw()) {
            c.send(LINE + "X-A: a b");
            Thread.sleep(30);
            c.send(" c\r\n\r\n");
            RawClient.Res res = c.read();
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.text()).isEqualTo("a b c");
            c.send(LINE + "\r\n");
            assertThat(c.read().status()).isEqualTo(200); // and the connection goes on
        }
    }
}
