package dev.duet.netty;

import dev.duet.Config;
import dev.duet.Response;
import dev.duet.spi.OutgoingResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A response encoded whole, head and body, as the Netty core sends it. */
class HeadBytesTest {
    private final Config config = Config.builder().build();
    private final HeadBytes.Sink http11 = new HeadBytes.Sink(true, "Duet");
    private final HeadBytes.Sink http10 = new HeadBytes.Sink(false, "Duet");

    private String encode(Response res, boolean head, HeadBytes.Sink sink, boolean close) {
        ByteBuf buf = HeadBytes.encode(UnpooledByteBufAllocator.DEFAULT, OutgoingResponse.of(res, head, config), sink, close);
        try {
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    @Test
    void statusLineHeadersAndBodyInOrder() {
        String wire = encode(Response.text("hi").header("X-A", "1"), false, http11, false);
        assertThat(wire).startsWith("HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Type: text/plain; charset=utf-8\r\nServer: Duet\r\nDate: ");
        assertThat(wire).endsWith("\r\nContent-Length: 2\r\n\r\nhi");
        assertThat(wire).doesNotContain("Connection");
    }

    @Test
    void headAnswerHasTheGetsLengthAndNoBody() {
        String wire = encode(Response.text("hello"), true, http11, false);
        assertThat(wire).contains("Content-Length: 5\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void closingAndHttp10KeepAliveAreSaid() {
        assertThat(encode(Response.text("x"), false, http11, true)).contains("\r\nConnection: close\r\n");
        assertThat(encode(Response.text("x"), false, http10, false)).startsWith("HTTP/1.0 200 OK\r\n").contains("\r\nConnection: keep-alive\r\n");
    }

    @Test
    void anUnusualStatusAndAnotherServerName() {
        String wire = encode(Response.text("x").status(599).header("Server", "mine"), false, http11, false);
        assertThat(wire).startsWith("HTTP/1.1 599 ");
        assertThat(wire).contains("\r\nServer: mine\r\n").doesNotContain("Duet");
    }

    @Test
    void aHeadBiggerThanTheScratchArrayAndCharsBeyondLatin1() {
        String big = "v".repeat(20_000);
        String wire = encode(Response.text("x").header("X-Big", big).header("X-Name", "caf\u00e9 \u2603"), false, http11, false);
        assertThat(wire).contains("\r\nX-Big: " + big + "\r\n");
        assertThat(wire).contains("\r\nX-Name: caf\u00e9 ?\r\n");
        // the scratch array is given back after a huge head: the next one still encodes right
        assertThat(encode(Response.text("y"), false, http11, false)).endsWith("Content-Length: 1\r\n\r\ny");
    }

    @Test
    void noBodyStatusesHaveNoFraming() {
        String wire = encode(Response.text("ignored").status(204), false, http11, false);
        assertThat(wire).startsWith("HTTP/1.1 204 No Content\r\n").doesNotContain("Content-Length").endsWith("\r\n\r\n");
    }

    @Test
    void recurringHeadersAreWrittenTheSameEveryTimeWhateverPassesBetween() {
        String name = "X-Policy";
        String value = "default-src 'self' caf\u00e9 \u2603";
        String expected = "\r\nX-Policy: default-src 'self' caf\u00e9 ?\r\n";
        String big = "b".repeat(2_000);
        for (int i = 0; i < 300; i++) {
            // the same two strings each time, and pairs made anew (as a request id is) landing in any slot
            Response res = Response.text("x").header(name, value).header("X-Id-" + (i % 7), "id-" + i)
                    .header("X-Big", i % 50 == 0 ? "small" : big);
            String wire = encode(res, false, http11, false);
            assertThat(wire).contains(expected).contains("\r\nX-Id-" + (i % 7) + ": id-" + i + "\r\n");
            assertThat(wire).contains(i % 50 == 0 ? "\r\nX-Big: small\r\n" : "\r\nX-Big: " + big + "\r\n");
        }
        // an equal value in another string object is encoded on its own, to the same bytes
        String copy = new String(value.toCharArray());
        assertThat(encode(Response.text("x").header(name, copy), false, http11, false)).contains(expected);
    }
}
