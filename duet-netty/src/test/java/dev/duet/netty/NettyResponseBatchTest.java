package dev.duet.netty;

import dev.duet.Response;
import dev.duet.conformance.RawClient;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses ready together (pipelined ones) are written into one buffer: whatever mix of kinds
 * they are, they arrive whole and in request order, and a response that closes the connection
 * is the last one sent.
 */
class NettyResponseBatchTest extends ServerTest {
    private static final String BIG = "b".repeat(20_000); // above the shared buffer's body limit

    private void routes() throws Exception {
        start(app -> {
            app.getAsync("/async", req -> CompletableFuture.completedFuture(Response.text("async " + req.query("n"))));
            app.get("/blocking", req -> Response.text("blocking " + req.query("n")));
            app.get("/big", req -> Response.text(BIG));
            app.get("/stream", req -> Response.stream("text/plain", out -> out.write(("stream " + req.query("n")).getBytes())));
            app.get("/empty", req -> Response.noContent());
        });
    }

    private static String get(String path, int n) {
        return "GET " + path + "?n=" + n + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    @Test
    void aMixOfPipelinedAnswersArrivesWholeAndInOrder() throws Exception {
        routes();
        String[] paths = {"/async", "/blocking", "/big", "/async", "/stream", "/blocking", "/empty", "/async", "/big", "/blocking"};
        StringBuilder all = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < paths.length; i++) all.append(get(paths[i], round * 100 + i));
        }
        all.append("HEAD /async?n=999 HTTP/1.1\r\nHost: x\r\n\r\n");
        try (RawClient client = raw()) {
            client.send(all.toString());
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < paths.length; i++) {
                    int n = round * 100 + i;
                    RawClient.Res res = client.read();
                    switch (paths[i]) {
                        case "/big" -> assertThat(res.text()).isEqualTo(BIG);
                        case "/empty" -> assertThat(res.status()).isEqualTo(204);
                        default -> assertThat(res.text()).isEqualTo(paths[i].substring(1) + " " + n);
                    }
                }
            }
            RawClient.Res head = client.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("9"); // "async 999", not sent
            assertThat(client.readAvailable(200)).isEmpty();
        }
    }

    @Test
    void aResponseThatClosesTheConnectionIsTheLastOneSent() throws Exception {
        routes();
        String closing = "GET /async?n=3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        try (RawClient client = raw()) {
            client.send(get("/async", 1) + get("/blocking", 2) + closing + get("/async", 4) + get("/blocking", 5));
            assertThat(client.read().text()).isEqualTo("async 1");
            assertThat(client.read().text()).isEqualTo("blocking 2");
            RawClient.Res last = client.read();
            assertThat(last.text()).isEqualTo("async 3");
            assertThat(last.header("Connection")).isEqualTo("close");
            assertThat(client.readAvailable(1_000)).as("nothing after the closing response").isEmpty();
            assertThat(client.closedWithin(2_000)).isTrue();
        }
    }
}
