package dev.duet.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.duet.App;
import dev.duet.Config;
import dev.duet.Response;
import dev.duet.conformance.LogCapture;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessLogTest {

    private static App app(AccessLog log) {
        App app = App.create(Config.builder().dev(true).build());
        app.useAsync(log);
        app.get("/users/{id:int}", req -> "user " + req.pathInt("id"));
        app.post("/echo", req -> Response.bytes(req.body(), "application/octet-stream").status(201));
        app.get("/stream", req -> Response.stream("text/plain", out -> out.write("abc".getBytes())));
        return app;
    }

    private static String only(LogCapture logs) throws InterruptedException {
        return logs.await(e -> true, Duration.ofSeconds(5)).getFormattedMessage();
    }

    @Test
    void commonPatternHasClientMethodPathStatusBytesDurationAndRequestId() throws Exception {
        try (TestClient client = TestClient.of(app(AccessLog.common())); LogCapture logs = LogCapture.of("dev.duet.access")) {
            client.send(TestRequest.get("/users/7").header("X-Request-Id", "req-42"));
            assertThat(only(logs)).matches("\\S+ \"GET /users/7\" 200 6 \\d+ms req-42");
        }
    }

    @Test
    void aCustomPatternWithRouteAndQuery() throws Exception {
        AccessLog log = AccessLog.pattern("{method} {route} ?{query} -> {status} [{userAgent}]");
        try (TestClient client = TestClient.of(app(log)); LogCapture logs = LogCapture.of("dev.duet.access")) {
            client.send(TestRequest.get("/users/9?x=1").header("User-Agent", "probe/1"));
            assertThat(only(logs)).isEqualTo("GET /users/{id:int} ?x=1 -> 200 [probe/1]");
        }
    }

    @Test
    void a404IsLoggedWithNoRouteAndAStreamWithUnknownLengthHasNoBytes() throws Exception {
        AccessLog log = AccessLog.pattern("{path} {route} {status} {bytes}");
        try (TestClient client = TestClient.of(app(log)); LogCapture logs = LogCapture.of("dev.duet.access")) {
            client.get("/nowhere");
            assertThat(only(logs)).startsWith("/nowhere - 404 ");
        }
        try (TestClient client = TestClient.of(app(log)); LogCapture logs = LogCapture.of("dev.duet.access")) {
            client.get("/stream");
            assertThat(only(logs)).isEqualTo("/stream /stream 200 -");
        }
    }

    @Test
    void jsonLinesParseAndCarryEveryField() throws Exception {
        try (TestClient client = TestClient.of(app(AccessLog.json())); LogCapture logs = LogCapture.of("dev.duet.access")) {
            client.send(TestRequest.post("/echo").body("he said \"hi\"\n", "text/plain")
                    .header("User-Agent", "a\"b\\c"));
            @SuppressWarnings("unchecked")
            Map<String, Object> line = JsonMapper.builder().build().readValue(only(logs), Map.class);
            assertThat(line).containsEntry("method", "POST").containsEntry("path", "/echo")
                    .containsEntry("route", "/echo").containsEntry("status", 201).containsEntry("bytes", 13)
                    .containsEntry("userAgent", "a\"b\\c").containsEntry("query", null)
                    .containsKeys("duration", "requestId", "client");
            assertThat(line.get("duration")).isInstanceOf(Integer.class);
        }
    }

    @Test
    void logContextEntriesAppearByNameInPatternsAndAsFieldsInJson() throws Exception {
        AccessLog text = AccessLog.pattern("{status} trace={log:traceId} tenant={log:tenant}");
        App app = app(text);
        app.use((req, next) -> {
            req.logContext("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
            return next.proceed();
        });
        try (TestClient client = TestClient.of(app); LogCapture logs = LogCapture.of("dev.duet.access")) {
            client.get("/users/1");
            assertThat(only(logs)).isEqualTo("200 trace=4bf92f3577b34da6a3ce929d0e0e4736 tenant=-");
        }
        App jsonApp = app(AccessLog.json());
        jsonApp.use((req, next) -> {
            req.logContext("traceId", "abc\"d");
            return next.proceed();
        });
        try (TestClient client = TestClient.of(jsonApp); LogCapture logs = LogCapture.of("dev.duet.access")) {
            client.get("/users/1");
            @SuppressWarnings("unchecked")
            Map<String, Object> line = JsonMapper.builder().build().readValue(only(logs), Map.class);
            assertThat(line).containsEntry("traceId", "abc\"d").containsEntry("status", 200);
        }
    }

    @Test
    void aLoggerTurnedOffWritesNothing() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("dev.duet.access");
        Level before = access.getLevel();
        try (TestClient client = TestClient.of(app(AccessLog.common())); LogCapture logs = LogCapture.of("dev.duet.access")) {
            access.setLevel(Level.OFF);
            assertThat(client.get("/users/1").status()).isEqualTo(200);
            assertThat(logs.events()).isEmpty();
        } finally {
            access.setLevel(before);
        }
    }

    @Test
    void badPatternsFailNamingTheProblem() {
        assertThatThrownBy(() -> AccessLog.pattern("{method} {nope}"))
                .hasMessageContaining("unknown placeholder {nope}").hasMessageContaining("requestId");
        assertThatThrownBy(() -> AccessLog.pattern("{method"))
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> AccessLog.pattern("{log:}"))
                .hasMessageContaining("unknown placeholder {log:}");
    }
}
