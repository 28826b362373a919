package dev.duet.metrics;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.duet.App;
import dev.duet.conformance.DocSnippets;
import dev.duet.conformance.LogCapture;
import dev.duet.ops.AccessLog;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.tracing.Tracing;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/operations.md's structured logs and access-log fields (duet-core's OperationsGuideTest
 * checks the guide shows these snippets): JSON lines through the guide's own logback.xml, with
 * the request id, the route and the trace id as MDC fields.
 */
class LogsGuideTest {
    private static final Logger log = LoggerFactory.getLogger("orders");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    // snippet: ops-log-route
    static App structuredApp() {
        App app = App.create();
        Tracing.install(app);                                         // traceId and spanId in the MDC
        app.useAsync((req, next) -> {                                 // and the route's pattern
            if (req.route() != null) req.logContext("route", req.route());
            return next.proceed();
        });
        app.get("/orders/{id:int}", req -> {
            log.info("loading order {}", req.pathInt("id"));
            return "order " + req.pathInt("id");
        });
        return app;
    }
    // end snippet

    @Test
    void jsonLinesCarryTheRequestIdTheRouteAndTheTraceIdThroughTheGuidesLogbackXml() throws Exception {
        Path config = Path.of("src/test/resources/structured-logs.xml");
        assertThat(guideXml()).as("docs/operations.md shows the logback.xml tested here").isEqualTo(Files.readString(config));

        String out = logThrough(config, () -> {
            try (TestClient client = TestClient.of(structuredApp())) {
                var res = client.send(TestRequest.get("/orders/7").header("X-Request-Id", "req-42").header("traceparent", PARENT));
                assertThat(res.text()).isEqualTo("order 7");
            }
        });
        List<JsonNode> lines = out.lines().filter(l -> l.startsWith("{")).map(l -> JsonMapper.shared().readTree(l)).toList();
        JsonNode line = lines.stream().filter(l -> "orders".equals(l.path("loggerName").asString())).findFirst().orElseThrow();
        assertThat(line.path("formattedMessage").asString()).isEqualTo("loading order 7");
        assertThat(line.path("level").asString()).isEqualTo("INFO");
        JsonNode mdc = line.path("mdc");
        assertThat(mdc.path("requestId").asString()).isEqualTo("req-42");
        assertThat(mdc.path("route").asString()).isEqualTo("/orders/{id:int}");
        assertThat(mdc.path("traceId").asString()).isEqualTo(TRACE);
        assertThat(mdc.path("spanId").asString()).matches("[0-9a-f]{16}");
    }

    @Test
    void withoutTheRouteMiddlewareAndTracingALineHasTheRequestIdAlone() throws Exception {
        App app = App.create();
        app.get("/plain", req -> {
            log.info("plain");
            return "ok";
        });
        String out = logThrough(Path.of("src/test/resources/structured-logs.xml"), () -> {
            try (TestClient client = TestClient.of(app)) {
                client.send(TestRequest.get("/plain").header("X-Request-Id", "req-43"));
            }
        });
        JsonNode line = out.lines().filter(l -> l.contains("\"formattedMessage\":\"plain\""))
                .map(l -> JsonMapper.shared().readTree(l)).findFirst().orElseThrow();
        assertThat(line.path("mdc").propertyNames()).containsExactly("requestId");
    }

    // snippet: ops-access-log-fields
    static App fieldsApp() {
        App app = App.create();
        Tracing.install(app);
        // GET /orders/{id:int} 200 2ms trace=4bf92f3577b34da6a3ce929d0e0e4736
        app.useAsync(AccessLog.pattern("{method} {route} {status} {duration}ms trace={log:traceId}"));
        app.get("/orders/{id:int}", req -> "order " + req.pathInt("id"));
        return app;
    }
    // end snippet

    @Test
    void theAccessLogWritesTheFieldsItsPatternChooses() throws Exception {
        try (TestClient client = TestClient.of(fieldsApp()); LogCapture logs = LogCapture.of("dev.duet.access")) {
            client.send(TestRequest.get("/orders/7").header("traceparent", PARENT));
            client.get("/nowhere");
            assertThat(logs.await(e -> e.getFormattedMessage().startsWith("GET /orders"), Duration.ofSeconds(5)).getFormattedMessage())
                    .matches("GET /orders/\\{id:int} 200 \\d+ms trace=" + TRACE);
            assertThat(logs.await(e -> e.getFormattedMessage().contains(" 404 "), Duration.ofSeconds(5)).getFormattedMessage())
                    .as("no route: '-'; a fresh trace when the client sent none").matches("GET - 404 \\d+ms trace=[0-9a-f]{32}");
        }
    }

    /** The logback.xml block under "Structured logs" in docs/operations.md. */
    private static String guideXml() throws Exception {
        String guide = Files.readString(DocSnippets.projectRoot().resolve("docs/operations.md"));
        Matcher m = Pattern.compile("<!-- logback: structured-logs -->\\s*\\n```xml\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        assertThat(m.find()).as("the guide marks its logback.xml").isTrue();
        return m.group(1);
    }

    /**
     * What logback writes to the console while {@code body} runs under {@code config}; the test
     * logging config is restored afterwards.
     */
    private static String logThrough(Path config, ThrowingRunnable body) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            configure(context, config.toUri().toURL());
            body.run();
        } finally {
            System.setOut(console);
            String testConfig = System.getProperty("logback.configurationFile");
            configure(context, testConfig == null ? null : Path.of(testConfig).toUri().toURL());
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static void configure(LoggerContext context, URL config) throws Exception {
        context.reset();
        if (config == null) return;
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(config);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
