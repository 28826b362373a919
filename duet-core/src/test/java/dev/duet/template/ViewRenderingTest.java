package dev.duet.template;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.duet.App;
import dev.duet.Config;
import dev.duet.Cookie;
import dev.duet.HttpError;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.View;
import dev.duet.conformance.LogCapture;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the app renders a {@link View}: when and where, what the template sees, and where its
 * failures go. The engine here is a few lines of test code that fills {@code {{name}}} holes, so
 * that these rules are checked apart from any real engine (Pebble and jte are tested in their
 * own modules).
 */
class ViewRenderingTest {
    /** Templates held in memory: {@code {{key}}} is replaced by the model's value, {@code {{!boom}}} fails. */
    static final class HoleTemplates implements TemplateEngine {
        final Map<String, String> sources = new HashMap<>();
        int finds;

        HoleTemplates with(String name, String source) {
            sources.put(name, source);
            return this;
        }

        @Override
        public Optional<Template> find(String name) {
            finds++;
            String source = sources.get(name);
            return source == null ? Optional.empty() : Optional.of(new Template() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void render(Map<String, ?> model, OutputStream out) throws IOException {
                    StringBuilder sb = new StringBuilder();
                    int at = 0;
                    while (true) {
                        int open = source.indexOf("{{", at);
                        if (open < 0) break;
                        int close = source.indexOf("}}", open);
                        sb.append(source, at, open);
                        String key = source.substring(open + 2, close);
                        if (key.equals("!boom")) {
                            throw new TemplateException("boom", name, 3, 7, null);
                        }
                        Object value = model.get(key);
                        sb.append(value instanceof Request r ? "request " + r.method() + " " + r.path() : value);
                        at = close + 2;
                    }
                    sb.append(source.substring(at));
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                }
            });
        }
    }

    private static TestResponse get(App app, String uri, String accept) {
        try (TestClient client = TestClient.of(app)) {
            TestRequest req = TestRequest.get(uri);
            if (accept != null) req.header("Accept", accept);
            return client.send(req);
        }
    }

    private static App app(TemplateEngine engine, boolean dev) {
        App app = App.create(Config.builder().dev(dev).build());
        if (engine != null) app.templates(engine);
        return app;
    }

    @Test
    void aViewFromABlockingHandlerIsRenderedAsUtf8Html() {
        App app = app(new HoleTemplates().with("hello.html", "<p>Hello, {{name}} é</p>"), false);
        app.get("/", req -> View.of("hello.html", Map.of("name", "Ada")));
        TestResponse res = get(app, "/", null);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(res.text()).isEqualTo("<p>Hello, Ada é</p>");
    }

    @Test
    void aViewFromAnAsyncHandlerIsRenderedToo() {
        App app = app(new HoleTemplates().with("hello.html", "Hello, {{name}}"), false);
        app.getAsync("/", req -> CompletableFuture.supplyAsync(() -> View.of("hello.html").with("name", "Grace")));
        assertThat(get(app, "/", null).text()).isEqualTo("Hello, Grace");
    }

    @Test
    void theTemplateSeesTheRequestUnlessTheModelHasItsOwn() {
        App app = app(new HoleTemplates().with("r.html", "{{request}}"), false);
        app.get("/mine", req -> View.of("r.html", Map.of("request", "my own")));
        app.get("/given", req -> View.of("r.html"));
        assertThat(get(app, "/given", null).text()).isEqualTo("request GET /given");
        assertThat(get(app, "/mine", null).text()).isEqualTo("my own");
    }

    @Test
    void aResponseWithAViewBodyKeepsItsStatusHeadersCookiesAndType() {
        App app = app(new HoleTemplates().with("gone.html", "gone: {{what}}"), false);
        app.get("/", req -> Response.status(410, View.of("gone.html", Map.of("what", "the page")))
                .header("X-Why", "moved on").cookie(Cookie.of("seen", "1")));
        app.get("/typed", req -> Response.status(200, View.of("gone.html")).contentType("application/xhtml+xml"));
        TestResponse res = get(app, "/", null);
        assertThat(res.status()).isEqualTo(410);
        assertThat(res.text()).isEqualTo("gone: the page");
        assertThat(res.header("X-Why")).isEqualTo("moved on");
        assertThat(res.header("Set-Cookie")).startsWith("seen=1");
        assertThat(get(app, "/typed", null).header("Content-Type")).isEqualTo("application/xhtml+xml");
    }

    @Test
    void afterHooksSeeTheRenderedBody() {
        App app = app(new HoleTemplates().with("a.html", "rendered"), false);
        app.after((req, res) -> res.header("X-Body", res.body() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : "not yet"));
        app.get("/", req -> View.of("a.html"));
        assertThat(get(app, "/", null).header("X-Body")).isEqualTo("rendered");
    }

    @Test
    void anErrorHandlerMayAnswerWithAView() {
        App app = app(new HoleTemplates().with("teapot.html", "short and stout: {{why}}"), false);
        app.error(IllegalStateException.class, (req, e) -> Response.status(418, View.of("teapot.html", Map.of("why", e.getMessage()))));
        app.get("/", req -> {
            throw new IllegalStateException("no coffee");
        });
        TestResponse res = get(app, "/", null);
        assertThat(res.status()).isEqualTo(418);
        assertThat(res.text()).isEqualTo("short and stout: no coffee");
    }

    @Test
    void aFailingTemplateIsA500ThatTheLogAndTheDevPageLocate() throws Exception {
        App app = app(new HoleTemplates().with("bad.html", "a {{!boom}}"), true);
        app.get("/", req -> View.of("bad.html"));
        try (LogCapture log = LogCapture.of(App.class.getName())) {
            TestResponse res = get(app, "/", "text/html");
            assertThat(res.status()).isEqualTo(500);
            assertThat(res.text()).contains("Template: <code>bad.html:3:7</code>").contains("TemplateException");
            ILoggingEvent e = log.await(ev -> ev.getThrowableProxy() != null, Duration.ofSeconds(5));
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("bad.html:3:7: boom");
        }
    }

    @Test
    void outsideDevModeTheErrorPageShowsNoTemplateNorStack() {
        App app = app(new HoleTemplates().with("bad.html", "a {{!boom}}"), false);
        app.get("/", req -> View.of("bad.html"));
        TestResponse res = get(app, "/", "text/html");
        assertThat(res.status()).isEqualTo(500);
        assertThat(res.text()).doesNotContain("bad.html").doesNotContain("TemplateException");
    }

    @Test
    void aMissingTemplateIsA500NamingIt() throws Exception {
        App app = app(new HoleTemplates(), false);
        app.get("/", req -> View.of("nowhere.html"));
        try (LogCapture log = LogCapture.of(App.class.getName())) {
            assertThat(get(app, "/", null).status()).isEqualTo(500);
            ILoggingEvent e = log.await(ev -> ev.getThrowableProxy() != null, Duration.ofSeconds(5));
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("nowhere.html: no such template");
        }
    }

    @Test
    void withoutAnyEngineAViewIsA500ThatSaysWhatToAdd() throws Exception {
        App app = app(null, false);
        assertThat(app.templates()).as("no engine on duet-core's own class path").isNull();
        app.get("/", req -> View.of("home.html"));
        try (LogCapture log = LogCapture.of(App.class.getName())) {
            assertThat(get(app, "/", null).status()).isEqualTo(500);
            ILoggingEvent e = log.await(ev -> ev.getThrowableProxy() != null, Duration.ofSeconds(5));
            assertThat(e.getThrowableProxy().getMessage()).contains("no template engine").contains("duet-pebble")
                    .contains("app.templates(");
        }
    }

    @Test
    void aViewSetByAHookIsNeverRenderedAndSaysSo() throws Exception {
        App app = app(new HoleTemplates().with("a.html", "a"), false);
        app.after((req, res) -> res.body(View.of("a.html")));
        app.get("/", req -> "plain");
        try (LogCapture log = LogCapture.of("dev.duet")) {
            assertThat(get(app, "/", null).status()).isEqualTo(500);
            ILoggingEvent e = log.await(ev -> ev.getThrowableProxy() != null, Duration.ofSeconds(5));
            assertThat(e.getThrowableProxy().getMessage()).contains("a.html was never rendered");
        }
    }

    @Test
    void errorPagesComeFromTheAppsTemplatesForBrowsersOnly() {
        HoleTemplates engine = new HoleTemplates()
                .with("errors/404.html", "<h1>{{status}} {{reason}}</h1><p>{{message}}</p><small>{{requestId}}</small>")
                .with("errors/error.html", "<h1>oops {{status}}</h1>");
        App app = app(engine, false);
        app.get("/fail", req -> {
            throw new IllegalStateException("secret detail");
        });
        app.get("/teapot", req -> {
            throw new HttpError(418, "I'm a teapot");
        });
        TestResponse notFound = get(app, "/nowhere", "text/html");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(notFound.text()).startsWith("<h1>404 Not Found</h1><p>").contains("<small>" + notFound.header("X-Request-Id") + "</small>");
        assertThat(get(app, "/fail", "text/html").text()).isEqualTo("<h1>oops 500</h1>");
        assertThat(get(app, "/teapot", "text/html").text()).isEqualTo("<h1>oops 418</h1>");

        TestResponse json = get(app, "/nowhere", "application/json");
        assertThat(json.status()).isEqualTo(404);
        assertThat(json.jsonMap()).containsEntry("status", 404);

        int lookups = engine.finds;
        get(app, "/elsewhere", "text/html");
        assertThat(engine.finds).as("outside dev mode an error page is looked up once per status").isEqualTo(lookups);
    }

    @Test
    void aFailingErrorTemplateFallsBackToDuetsOwnPage() throws Exception {
        App app = app(new HoleTemplates().with("errors/error.html", "{{!boom}}"), false);
        try (LogCapture log = LogCapture.of(App.class.getName())) {
            TestResponse res = get(app, "/nowhere", "text/html");
            assertThat(res.status()).isEqualTo(404);
            assertThat(res.text()).contains("<h1>404 Not Found</h1>");
            ILoggingEvent e = log.await(ev -> ev.getFormattedMessage().contains("error page template"), Duration.ofSeconds(5));
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("errors/error.html:3:7: boom");
        }
    }

    @Test
    void theEngineIsFixedWhenTheAppStarts() {
        App app = app(new HoleTemplates(), false);
        app.freeze();
        assertThatThrownBy(() -> app.templates(new HoleTemplates()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("template engine");
    }

    @Test
    void aViewNeedsAName() {
        assertThatThrownBy(() -> View.of(" ")).isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("user", null);
        assertThat(View.of("a.html", withNull).model()).containsEntry("user", null);
        assertThatThrownBy(() -> View.of("a.html").model().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
