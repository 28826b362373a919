package dev.duet;

import dev.duet.spi.EventLoopThread;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void blockingAndAsyncHandlersAnswer() {
        App app = App.create(Config.defaults());
        List<String> where = new CopyOnWriteArrayList<>();
        app.get("/check", req -> {
            where.add("blocking:" + Thread.currentThread().isVirtual() + ":" + EventLoopThread.isCurrent());
            return "OK";
        });
        app.getAsync("/ping", req -> {
            where.add("async:" + Thread.currentThread().isVirtual() + ":" + EventLoopThread.isCurrent());
            return CompletableFuture.completedFuture(Map.of("pong", true));
        });
        app.getAsync("/slow", req -> req.tasks().delay(Duration.ofMillis(50)).thenApply(x -> "late"));
        app.get("/user/{id:long}", req -> Map.of("id", req.pathLong("id")));
        app.post("/echo", req -> req.json(Map.class));
        try (TestClient c = TestClient.of(app)) {
            assertThat(c.get("/check").text()).isEqualTo("OK");
            assertThat(c.get("/ping").jsonMap()).containsEntry("pong", true);
            assertThat(c.get("/slow").text()).isEqualTo("late");
            assertThat(c.get("/user/42").jsonMap()).containsEntry("id", 42);
            assertThat(c.get("/user/x").status()).isEqualTo(404);
            assertThat(c.send(TestRequest.post("/check")).status()).isEqualTo(405);
            assertThat(c.send(TestRequest.post("/check")).header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
            assertThat(c.send(TestRequest.post("/echo").json(Map.of("a", 1))).jsonMap()).containsEntry("a", 1);
            var bad = c.send(TestRequest.post("/echo").body("{nope", "application/json").header("Accept", "application/json"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.jsonMap().get("error").toString()).startsWith("Malformed JSON");
        }
        assertThat(where).containsExactly("blocking:true:false", "async:false:true");
    }
}
