package dev.duet.netty;

import dev.duet.Response;
import dev.duet.conformance.RawClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The blocking work of one connection's pipelined requests, run in turn on one virtual thread. */
class NettyPipelinedThreadsTest extends ServerTest {
    private static final String THREE = "GET /who?n=1 HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /who?n=2 HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /who?n=3 HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void pipelinedBlockingRequestsShareOneVirtualThreadAndAnswerInOrder() throws Exception {
        start(app -> app.get("/who", req -> Response.text(req.query("n") + " " + Thread.currentThread().threadId()
                + " " + Thread.currentThread().isVirtual())));
        try (RawClient client = raw()) {
            client.send(THREE);
            String[] first = client.read().text().split(" ");
            String[] second = client.read().text().split(" ");
            String[] third = client.read().text().split(" ");
            assertThat(new String[] {first[0], second[0], third[0]}).containsExactly("1", "2", "3");
            assertThat(first[2]).isEqualTo("true");
            assertThat(second[1]).isEqualTo(first[1]);
            assertThat(third[1]).isEqualTo(first[1]);
        }
    }

    @Test
    void twoConnectionsNeverShareOne() throws Exception {
        start(app -> app.get("/who", req -> {
            Thread.sleep(100);
            return Response.text(Long.toString(Thread.currentThread().threadId()));
        }));
        try (RawClient a = raw(); RawClient b = raw()) {
            a.send("GET /who HTTP/1.1\r\nHost: x\r\n\r\n");
            b.send("GET /who HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(a.read().text()).isNotEqualTo(b.read().text());
        }
    }

    @Test
    void anInterruptLeftByAnEarlierRequestIsNotSeenByTheNext() throws Exception {
        start(app -> app.get("/who", req -> {
            // as a cancelled request's interrupt would be, had it landed as the handler returned
            if (req.query("n").equals("1")) Thread.currentThread().interrupt();
            else Thread.sleep(50); // throws if an interrupt were pending
            return Response.text("ran " + req.query("n") + " " + Thread.currentThread().threadId());
        }));
        try (RawClient client = raw()) {
            client.send(THREE);
            String[] first = client.read().text().split(" ");
            RawClient.Res second = client.read();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text()).isEqualTo("ran 2 " + first[2]); // on the same thread as the first
            assertThat(client.read().text()).startsWith("ran 3");
        }
    }
}
