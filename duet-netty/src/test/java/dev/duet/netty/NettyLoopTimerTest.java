package dev.duet.netty;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a delay asked for on an event loop is kept, and where what waits on it resumes. */
class NettyLoopTimerTest extends ServerTest {

    @Test
    void aDelayAskedOnALoopResumesOnThatSameLoop() throws Exception {
        start(app -> app.getAsync("/d", req -> {
            String asked = Thread.currentThread().getName();
            return req.tasks().delay(Duration.ofMillis(20))
                    .thenApply(x -> dev.duet.Response.text(asked + " " + Thread.currentThread().getName()));
        }));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> res = get("/d");
            assertThat(res.statusCode()).isEqualTo(200);
            String[] threads = res.body().split(" ");
            assertThat(threads[0]).startsWith("duet-loop-");
            assertThat(threads[1]).isEqualTo(threads[0]);
        }
    }

    @Test
    void aDelayAskedOffTheLoopsKeepsItsOwnTimer() throws Exception {
        start(app -> app.get("/d", req -> {
            CompletableFuture<String> where = req.tasks().delay(Duration.ofMillis(20))
                    .thenApply(x -> Thread.currentThread().getName());
            return dev.duet.Response.text(req.tasks().await(where));
        }));
        HttpResponse<String> res = get("/d");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("duet-timer");
    }

    @Test
    void aCancelledRequestCancelsItsDelayOnTheLoop() throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        start(app -> app.getAsync("/d", req -> req.tasks().delay(Duration.ofSeconds(30))
                .whenComplete((x, e) -> outcome.complete(e))
                .thenApply(x -> dev.duet.Response.text("late"))));
        try (var client = raw()) {
            client.send("GET /d HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(200);
        }
        Throwable e = outcome.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(java.util.concurrent.CancellationException.class);
    }
}
