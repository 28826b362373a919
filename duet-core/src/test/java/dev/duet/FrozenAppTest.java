package dev.duet;

import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registration builds the app; once it serves, it is fixed, and every change says so instead of being ignored. */
class FrozenAppTest {

    private static void refused(Executable change, String naming) {
        assertThatThrownBy(change::execute)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the app has started")
                .hasMessageContaining(naming);
    }

    @Test
    void everyRegistrationFailsOnceTheAppServes() {
        App app = App.create(Config.defaults());
        Route route = app.get("/r", req -> "r");
        AtomicReference<Routes> group = new AtomicReference<>();
        app.group("/g", group::set);
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/r").text()).isEqualTo("r");

            refused(() -> app.get("/late", req -> "late"), "route GET /late");
            refused(() -> group.get().get("/late", req -> "late"), "route GET /g/late");
            refused(() -> app.group("/h", h -> {}), "group /h");
            refused(() -> app.use((req, next) -> next.proceed()), "middleware");
            refused(() -> group.get().useAsync((req, next) -> next.proceed()), "middleware");
            refused(() -> route.use((req, next) -> next.proceed()), "middleware");
            refused(() -> route.timeout(Duration.ofSeconds(1)), "the timeout of GET /r");
            refused(() -> route.before(req -> { }), "a before hook");
            refused(() -> group.get().after((req, res) -> { }), "an after hook");
            refused(() -> app.beforeAsync(req -> null), "a before hook");
            refused(() -> app.teardown((req, e) -> { }), "a teardown hook");
            refused(() -> app.error(IllegalStateException.class, (req, e) -> "x"), "the error handler for java.lang.IllegalStateException");
            refused(() -> app.error(404, (req, e) -> "x"), "the error handler for 404");
            refused(() -> app.onStart(() -> { }), "a start action");
            refused(() -> app.onStop(() -> { }), "a stop action");
            refused(() -> app.jsonMapper(tools.jackson.databind.json.JsonMapper.builder().build()), "the JSON mapper");

            assertThat(client.get("/r").text()).as("the app still serves what it had").isEqualTo("r");
            assertThat(client.get("/late").status()).isEqualTo(404);
        }
    }

    @Test
    void aRouteOptionSetBeforeTheAppServesTakesEffect() {
        App app = App.create(Config.defaults());
        app.get("/r", req -> "r").after((req, res) -> res.header("X-Route", "yes"));
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/r").header("X-Route")).isEqualTo("yes");
        }
    }
}
