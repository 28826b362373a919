package dev.duet.test;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Cookie;
import dev.duet.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test client as an app's own tests use it: a browser-like cookie jar, blocking and async calls. */
class TestClientTest {
    private final App app = App.create(Config.defaults());
    private TestClient client;

    @AfterEach
    void close() {
        if (client != null) client.close();
        app.stop();
    }

    @Test
    void keepsCookiesTheAppSetsAndSendsThemBack() {
        app.post("/login", req -> Response.text("in").cookie(Cookie.of("session", "abc")).cookie(Cookie.of("theme", "dark")));
        app.get("/me", req -> Map.of("session", String.valueOf(req.cookie("session")), "theme", String.valueOf(req.cookie("theme"))));
        app.post("/logout", req -> Response.text("out").cookie(Cookie.expired("session")));
        client = TestClient.of(app);

        assertThat(client.get("/me").jsonMap()).containsEntry("session", "null");
        client.send(TestRequest.post("/login"));
        assertThat(client.cookies()).containsEntry("session", "abc").containsEntry("theme", "dark");
        assertThat(client.get("/me").jsonMap()).containsEntry("session", "abc").containsEntry("theme", "dark");

        client.send(TestRequest.post("/logout"));
        assertThat(client.cookies()).doesNotContainKey("session").containsKey("theme");
        assertThat(client.get("/me").jsonMap()).containsEntry("session", "null").containsEntry("theme", "dark");
    }

    @Test
    void sendAsyncLetsATestOverlapRequests() {
        app.getAsync("/slow", req -> req.tasks().delay(Duration.ofMillis(300)).thenApply(x -> "slow"));
        app.get("/fast", req -> "fast");
        client = TestClient.of(app);

        CompletableFuture<TestResponse> slow = client.sendAsync(TestRequest.get("/slow"));
        assertThat(client.get("/fast").text()).isEqualTo("fast");
        assertThat(slow).as("the fast request finished while the slow one was still waiting").isNotDone();
        assertThat(slow.join().text()).isEqualTo("slow");
    }

    @Test
    void bodiesAreDroppedWhereHttpHasNone() {
        app.get("/page", req -> "a page");
        app.get("/empty", req -> Response.text("ignored").status(204));
        client = TestClient.of(app);

        TestResponse head = client.send(TestRequest.of("HEAD", "/page"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(client.get("/empty").body()).isEmpty();
    }

    @Test
    void aStreamedBodyIsCollected() {
        app.get("/stream", req -> Response.stream("text/plain", out -> {
            for (String part : List.of("a", "b", "c")) out.write(part.getBytes());
        }));
        client = TestClient.of(app);

        assertThat(client.get("/stream").text()).isEqualTo("abc");
    }

    @Test
    void anAppThatNeverAnswersFailsTheTestInsteadOfHangingIt() {
        app.getAsync("/never", req -> new CompletableFuture<>());
        client = TestClient.of(app).timeout(Duration.ofMillis(200));

        assertThatThrownBy(() -> client.get("/never")).isInstanceOf(AssertionError.class).hasMessageContaining("/never");
    }
}
