package dev.duet.ops;

import dev.duet.App;
import dev.duet.conformance.DocSnippets;
import dev.duet.conformance.LogCapture;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/operations.md: its health and access-log examples run here; the database, metrics,
 * structured-log and tracing ones in their modules' tests, named below so the guide shows exactly
 * what is tested.
 */
class OperationsGuideTest {

    @Test
    void theGuideShowsExactlyTheTestedSnippets() {
        DocSnippets.assertGuideShowsExactly("docs/operations.md",
                "duet-core/src/test/java/dev/duet/ops/OperationsGuideTest.java",
                "duet-db/src/test/java/dev/duet/db/HealthCheckTest.java",
                "duet-metrics/src/test/java/dev/duet/metrics/MetricsGuideTest.java",
                "duet-metrics/src/test/java/dev/duet/metrics/LogsGuideTest.java",
                "duet-tracing/src/test/java/dev/duet/tracing/TracingGuideTest.java");
    }

    // snippet: ops-health
    static App probedApp() {
        App app = App.create();
        Health health = Health.install(app);         // GET /health/live and GET /health/ready
        health.check("disk", () -> {
            long free = Files.getFileStore(Path.of(".")).getUsableSpace();
            if (free < 10_000_000) throw new IOException("only " + free + " bytes free");
        });
        app.get("/", req -> "hello");
        return app;
    }
    // end snippet

    @Test
    void probedAppIsLiveAndReady() {
        try (TestClient client = TestClient.of(probedApp())) {
            assertThat(client.get("/health/live").status()).isEqualTo(200);
            var ready = client.get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.jsonMap()).containsEntry("checks", Map.of("disk", "UP"));
        }
    }

    // snippet: ops-access-log
    static App loggedApp() {
        App app = App.create();
        // 127.0.0.1 "GET /users/7" 200 512 3ms 7f3k2a9x-12
        app.useAsync(AccessLog.common());
        app.get("/users/{id:int}", req -> Map.of("id", req.pathInt("id")));
        return app;
    }
    // end snippet

    @Test
    void loggedAppWritesOneLinePerRequest() throws Exception {
        try (TestClient client = TestClient.of(loggedApp()); LogCapture logs = LogCapture.of("dev.duet.access")) {
            client.send(TestRequest.get("/users/7").header("X-Request-Id", "abc-1"));
            String line = logs.await(e -> true, Duration.ofSeconds(5)).getFormattedMessage();
            assertThat(line).matches("\\S+ \"GET /users/7\" 200 8 \\d+ms abc-1");
            assertThat(logs.events()).hasSize(1);
        }
    }
}
