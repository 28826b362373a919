package dev.duet.netty;

import dev.duet.Response;
import dev.duet.conformance.RawClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder's line buffer starts small (128 bytes, NettyServer's decoder config) and grows for
 * a longer request line or header line: on one keep-alive connection, requests with lines far
 * longer than it are read whole, and so are the short ones after them.
 */
class LineBufferTest extends ServerTest {
    @Test
    void linesLongerThanTheInitialBufferAreReadWholeAndTheConnectionKeepsServing() throws Exception {
        start(app -> app.get("/echo/{word}", req ->
                Response.text(req.pathParam("word") + " " + req.header("X-Long"))));
        String word = "w".repeat(1_500);
        String value = "v".repeat(5_000);
        try (RawClient c = raw()) {
            c.send("GET /echo/short HTTP/1.1\r\nHost: x\r\nX-Long: a\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("short a");
            c.send("GET /echo/" + word + " HTTP/1.1\r\nHost: x\r\nX-Long: " + value + "\r\n\r\n");
            RawClient.Res res = c.read();
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.text()).isEqualTo(word + " " + value);
            c.send("GET /echo/again HTTP/1.1\r\nHost: x\r\nX-Long: b\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("again b");
        }
    }
}
