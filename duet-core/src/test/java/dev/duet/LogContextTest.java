package dev.duet;

import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Request#logContext}: an MDC entry set by middleware follows the request into its tasks. */
class LogContextTest {

    @Test
    void anEntryAddedByMiddlewareIsInTheMdcOfTheHandlerItsOffloadedAndItsBackgroundTasks() throws Exception {
        App app = App.create(Config.builder().dev(true).build());
        CompletableFuture<String> inBackground = new CompletableFuture<>();
        app.use((req, next) -> {
            req.logContext("tenant", "acme");
            assertThat(MDC.get("tenant")).as("at once on the thread that added it").isEqualTo("acme");
            return next.proceed();
        });
        app.get("/t", req -> {
            String offloaded = req.tasks().await(req.tasks().offload(() -> MDC.get("tenant")));
            req.tasks().background(() -> inBackground.complete(MDC.get("tenant")));
            return Map.of("handler", MDC.get("tenant"), "offloaded", offloaded);
        });
        app.get("/plain", req -> String.valueOf(MDC.get("tenant")));
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/t").jsonMap()).isEqualTo(Map.of("handler", "acme", "offloaded", "acme"));
            assertThat(inBackground.get(5, TimeUnit.SECONDS)).isEqualTo("acme");
            // the entry belonged to that request: the next one (maybe on a reused thread) does not see it
        }
        App other = App.create(Config.builder().dev(true).build());
        other.get("/plain", req -> String.valueOf(MDC.get("tenant")));
        try (TestClient client = TestClient.of(other)) {
            assertThat(client.get("/plain").text()).isEqualTo("null");
        }
    }

    @Test
    void theRequestIdCannotBeReplacedAndNullsAreRefused() {
        App app = App.create(Config.builder().dev(true).build());
        app.get("/id", req -> {
            assertThatThrownBy(() -> req.logContext("requestId", "forged")).hasMessageContaining("cannot be replaced");
            assertThatThrownBy(() -> req.logContext("k", null)).isInstanceOf(NullPointerException.class);
            return MDC.get("requestId").equals(req.id()) ? "kept" : "replaced";
        });
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/id").text()).isEqualTo("kept");
        }
    }
}
