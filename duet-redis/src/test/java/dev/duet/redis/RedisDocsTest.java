package dev.duet.redis;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Secrets;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/sessions.md's Redis example, run against the real Redis (duet-core's SessionsGuideTest checks the guide shows it). */
class RedisDocsTest {
    @Test
    void theRedisStore() {
        App app = App.create(Config.builder().secrets(Secrets.of("d".repeat(40))).build());
        // snippet: sessions-redis
        RedisSessionStore store = RedisSessionStore.connect("redis://127.0.0.1:6379");
        app.sessions(store);                            // sessions now live in Redis; the cookie holds the signed id
        app.onStop(store::close);
        // end snippet
        app.get("/put", req -> req.session().put("n", 1).id());
        app.get("/get", req -> String.valueOf(req.session().get("n", Integer.class)));
        try (TestClient client = TestClient.of(app)) {
            String id = client.get("/put").text();
            assertThat(client.get("/get").text()).isEqualTo("1");
            store.delete(id).toCompletableFuture().join();
            assertThat(client.get("/get").text()).isEqualTo("null");
        } finally {
            app.stop();
        }
    }
}
