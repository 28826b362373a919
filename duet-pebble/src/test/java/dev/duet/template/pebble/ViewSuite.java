package dev.duet.template.pebble;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.duet.App;
import dev.duet.HttpError;
import dev.duet.Response;
import dev.duet.View;
import dev.duet.conformance.ClientRequest;
import dev.duet.conformance.ClientResponse;
import dev.duet.conformance.ConformanceSuite;
import dev.duet.conformance.Harness;
import dev.duet.conformance.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Views rendered by Pebble through the whole pipeline: from blocking and async handlers, with a
 * status of their own, as error pages, and each kind of template failure as the client and the
 * log see it. One subclass per harness: in-process (TestClient), Netty and Jetty.
 */
abstract class ViewSuite extends ConformanceSuite {
    private LogCapture expectedErrors;

    ViewSuite(Harness harness) {
        super(harness);
    }

    /** Keeps the errors these tests cause on purpose out of the build log (a test that checks them captures them itself). */
    @BeforeEach
    void captureExpectedErrors() {
        expectedErrors = LogCapture.of("dev.duet.App");
    }

    @AfterEach
    void releaseLog() {
        expectedErrors.close();
    }

    private static App appWith(PebbleTemplates engine) {
        return newApp().templates(engine);
    }

    private static PebbleTemplates pebble() {
        return PebbleTemplates.builder().extension(new TestExtension()).build();
    }

    /** The throwable the app logged for the failed request, as "Class: message". */
    private static String loggedFailure(LogCapture log) throws InterruptedException {
        ILoggingEvent e = log.await(ev -> ev.getFormattedMessage().startsWith("Request ") && ev.getThrowableProxy() != null,
                Duration.ofSeconds(10));
        return e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage();
    }

    @Test
    void aBlockingHandlerAnswersWithARenderedView() {
        App app = appWith(pebble());
        app.get("/", req -> View.of("home.html", Map.of("name", "Ada")).with("year", 2026));
        ClientResponse res = serve(app).get("/");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.mediaType()).isEqualTo("text/html");
        assertThat(res.text()).contains("<title>Home</title>", "<h1>Hello, Ada</h1><footer>2026</footer>");
    }

    @Test
    void aTemplateShowsTheFlashesOfTheRequestAfterARedirectOnce() {
        App app = App.create(config().secrets(dev.duet.Secrets.of("p".repeat(40))).build()).templates(pebble());
        app.post("/save", req -> {
            req.session().flash("success", "Saved <b>it</b>");
            return Response.redirect("/page");
        });
        app.get("/page", req -> View.of("flashes.html", Map.of("title", "Page")));
        var client = serve(app);
        ClientResponse saved = client.send(ClientRequest.post("/save"));
        String line = saved.headers("Set-Cookie").getFirst();
        String cookie = line.substring(0, line.indexOf(';'));
        ClientResponse page = client.send(ClientRequest.get("/page").header("Cookie", cookie));
        assertThat(page.text().strip()).isEqualTo("<p class=\"flash success\">Saved &lt;b&gt;it&lt;/b&gt;</p><main>Page</main>");
        String after = page.headers("Set-Cookie").getFirst();
        ClientResponse again = client.send(ClientRequest.get("/page").header("Cookie", after.substring(0, after.indexOf(';'))));
        assertThat(again.text().strip()).isEqualTo("<main>Page</main>");
        assertThat(client.get("/page").text().strip()).as("no cookie, no session").isEqualTo("<main>Page</main>");
    }

    @Test
    void anAsyncHandlerAnswersWithARenderedView() {
        App app = appWith(pebble());
        app.getAsync("/later", req -> req.tasks().delay(Duration.ofMillis(5))
                .thenApply(x -> View.of("home.html", Map.of("name", "later", "year", 1))));
        ClientResponse res = serve(app).get("/later");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).contains("<h1>Hello, later</h1>");
    }

    @Test
    void aViewWithAStatusOfItsOwn() {
        App app = appWith(pebble());
        app.get("/gone", req -> Response.status(404, View.of("partials/footer.html", Map.of("year", "gone"))));
        ClientResponse res = serve(app).get("/gone");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.mediaType()).isEqualTo("text/html");
        assertThat(res.text()).isEqualTo("<footer>gone</footer>");
    }

    @Test
    void macrosFiltersAndTheAppsExtensionOverTheWire() {
        App app = appWith(pebble());
        app.get("/macros", req -> View.of("uses-macros.html"));
        app.get("/filters", req -> View.of("filters.html", Map.of("title", "news", "items", List.of("a", "b"), "name", "ada")));
        var client = serve(app);
        assertThat(client.get("/macros").text()).isEqualTo("<span class=\"info\">new</span>|<span class=\"warn\">&lt;b&gt;</span>");
        assertThat(client.get("/filters").text()).isEqualTo("NEWS|a, b|none|ADA!|Hi ada");
    }

    @Test
    void nonAsciiTextArrivesAsUtf8() {
        App app = appWith(pebble());
        app.get("/hi", req -> View.of("unicode.html", Map.of("name", req.query("name"))));
        ClientResponse res = serve(app).get("/hi?name=" + URLEncoder.encode("Zoë", StandardCharsets.UTF_8));
        assertThat(res.header("Content-Type")).isEqualToIgnoringWhitespace(contentType("text/html; charset=utf-8"));
        assertThat(res.body()).isEqualTo("Grüße, Zoë ✓ 😀".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theModelHoldsTheRequest() {
        App app = appWith(pebble());
        app.get("/who", req -> View.of("request.html"));
        assertThat(serve(app).get("/who?q=duet").text()).isEqualTo("GET /who duet");
    }

    @Test
    void securityFunctionsWriteTheCsrfFieldTheTokenAndTheCspNonce() {
        App app = appWith(pebble());
        app.get("/form", req -> View.of("secure-form.html"));
        app.post("/save", req -> "saved");
        Harness.Client client = serve(app);
        ClientResponse page = client.get("/form");
        java.util.regex.Matcher field = java.util.regex.Pattern
                .compile("<input type=\"hidden\" name=\"_csrf\" value=\"([A-Za-z0-9_.-]+)\">").matcher(page.text());
        assertThat(field.find()).as(page.text()).isTrue();
        String token = field.group(1);
        assertThat(page.text()).contains("const token = \"" + token + "\";");
        String cookie = page.headers("Set-Cookie").stream().filter(c -> c.startsWith(dev.duet.Csrf.COOKIE + "="))
                .map(c -> c.substring(dev.duet.Csrf.COOKIE.length() + 1, c.indexOf(';'))).findFirst().orElseThrow();
        java.util.regex.Matcher nonce = java.util.regex.Pattern.compile("'nonce-([^']+)'").matcher(page.header("Content-Security-Policy"));
        assertThat(nonce.find()).isTrue();
        assertThat(page.text()).contains("<script nonce=\"" + nonce.group(1) + "\">");
        // the field the page wrote passes the check for a client with cookies and no browser headers
        ClientResponse saved = client.send(ClientRequest.post("/save")
                .header("Cookie", dev.duet.Csrf.COOKIE + "=" + cookie)
                .body("_csrf=" + token, "application/x-www-form-urlencoded"));
        assertThat(saved.status()).isEqualTo(200);
        ClientResponse forged = client.send(ClientRequest.post("/save")
                .header("Cookie", dev.duet.Csrf.COOKIE + "=" + cookie)
                .body("other=1", "application/x-www-form-urlencoded"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.header("X-CSRF-Failure")).isEqualTo("token-missing");
    }

    @Test
    void userInputIsEscaped() {
        App app = appWith(pebble());
        app.get("/echo", req -> View.of("escape.html", Map.of("text", req.query("text"))));
        String attack = "<script>alert(1)</script>";
        String html = serve(app).get("/echo?text=" + URLEncoder.encode(attack, StandardCharsets.UTF_8)).text();
        assertThat(html).startsWith("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    }

    @Test
    void aPageNamesTheTemplatesBesideIt() {
        App app = appWith(pebble());
        app.get("/users", req -> View.of("/dev/duet/template/pebble/pages/users/page.html",
                Map.of("users", List.of("ada", "<bob>"), "title", "Users")));
        assertThat(serve(app).get("/users").text())
                .contains("<li>ada</li><li>&lt;bob&gt;</li><div class=\"shared\">Users</div>");
    }

    @Test
    void withNoEngineGivenTheProviderOnTheClassPathRenders() {
        App app = newApp();
        app.get("/", req -> View.of("partials/footer.html", Map.of("year", 7)));
        var client = serve(app);
        assertThat(client.get("/").text()).isEqualTo("<footer>7</footer>");
        assertThat(app.templates()).isInstanceOf(PebbleTemplates.class);
    }

    // ---- failures ----

    @Test
    void aMissingTemplateIsA500WhoseLogNamesIt() throws Exception {
        App app = appWith(pebble());
        app.get("/", req -> View.of("nothing-here.html"));
        try (LogCapture log = LogCapture.of("dev.duet.App")) {
            ClientResponse res = serve(app).get("/");
            assertThat(res.status()).isEqualTo(500);
            assertThat(res.text()).contains("Internal Server Error").doesNotContain("nothing-here");
            assertThat(loggedFailure(log)).isEqualTo("dev.duet.template.TemplateException: nothing-here.html: no such template");
        }
    }

    @Test
    void aSyntaxErrorIsA500WhoseLogNamesFileLineAndColumn() throws Exception {
        App app = appWith(pebble());
        app.get("/", req -> View.of("broken.html", Map.of("users", List.of("a"))));
        try (LogCapture log = LogCapture.of("dev.duet.App")) {
            ClientResponse res = serve(app).get("/");
            assertThat(res.status()).isEqualTo(500);
            assertThat(res.text()).doesNotContain("broken.html"); // production pages say nothing of the code
            assertThat(loggedFailure(log)).startsWith("dev.duet.template.TemplateException: templates/broken.html:3:6: ")
                    .contains("bogus");
        }
    }

    @Test
    void inDevModeTheErrorPageShowsTheTemplatesLocationAndTheStack() throws Exception {
        App app = newApp(c -> c.dev(true)).templates(pebble());
        app.get("/", req -> View.of("broken.html"));
        try (LogCapture log = LogCapture.of("dev.duet.App")) {
            ClientResponse res = serve(app).get("/");
            assertThat(res.status()).isEqualTo(500);
            assertThat(res.text()).contains("Template: <code>templates/broken.html:3:6</code>")
                    .contains("<pre>dev.duet.template.TemplateException: templates/broken.html:3:6:")
                    .contains("at dev.duet.template.pebble.PebbleTemplates");
            loggedFailure(log);
        }
    }

    @Test
    void strictVariablesMakeAnUndefinedVariableA500NamingWhere() throws Exception {
        App app = appWith(PebbleTemplates.builder().strictVariables(true).build());
        app.get("/", req -> View.of("strict.html"));
        try (LogCapture log = LogCapture.of("dev.duet.App")) {
            assertThat(serve(app).get("/").status()).isEqualTo(500);
            assertThat(loggedFailure(log)).startsWith("dev.duet.template.TemplateException: templates/strict.html:2:12: ")
                    .contains("nobody");
        }
    }

    @Test
    void aFailingFilterIsA500WhoseLogNamesTheTemplateAndTheCause() throws Exception {
        App app = appWith(pebble());
        app.get("/", req -> View.of("failing-filter.html", Map.of("name", "x")));
        try (LogCapture log = LogCapture.of("dev.duet.App")) {
            assertThat(serve(app).get("/").status()).isEqualTo(500);
            assertThat(loggedFailure(log)).startsWith("dev.duet.template.TemplateException: templates/failing-filter.html")
                    .contains("the explode filter always fails");
        }
    }

    @Test
    void anHttpErrorThrownWhileRenderingKeepsItsStatus() {
        App app = appWith(pebble());
        app.get("/", req -> View.of("user.html", Map.of("user", new Object() {
            @SuppressWarnings("unused")
            public String getName() {
                throw HttpError.notFound("no such user");
            }
        })));
        assertThat(serve(app).send(ClientRequest.get("/").accept("application/json")).jsonMap())
                .containsEntry("status", 404).containsEntry("error", "no such user");
    }

    // ---- error pages ----

    @Test
    void errorsStatusTemplateReplacesDuetsPage() {
        App app = appWith(PebbleTemplates.builder().root("errorsite").build());
        app.get("/", req -> "home");
        ClientResponse res = serve(app).get("/nowhere");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.mediaType()).isEqualTo("text/html");
        assertThat(res.text()).startsWith("<h1>404 Not Found</h1><p>")
                .contains("<small>" + res.header("X-Request-Id") + "</small>", "<i>/nowhere</i>");
    }

    @Test
    void errorsErrorTemplateAnswersTheOtherStatuses() {
        App app = appWith(PebbleTemplates.builder().root("errorsite").build());
        app.get("/boom", req -> {
            throw new IllegalStateException("secret detail");
        });
        app.get("/busy", req -> {
            throw HttpError.unavailable("busy now", 3);
        });
        var client = serve(app);
        ClientResponse boom = client.get("/boom");
        assertThat(boom.status()).isEqualTo(500);
        assertThat(boom.text()).isEqualTo("<h1>Sorry: 500</h1><p>Internal Server Error</p>"); // no trace outside dev mode
        ClientResponse busy = client.get("/busy");
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.header("Retry-After")).isEqualTo("3");
        assertThat(busy.text()).isEqualTo("<h1>Sorry: 503</h1><p>busy now</p>");
    }

    @Test
    void inDevModeTheErrorTemplateGetsTheTrace() {
        App app = newApp(c -> c.dev(true)).templates(PebbleTemplates.builder().root("errorsite").build());
        app.get("/boom", req -> {
            throw new IllegalStateException("secret detail");
        });
        ClientResponse res = serve(app).get("/boom");
        assertThat(res.status()).isEqualTo(500);
        assertThat(res.text()).contains("<pre>java.lang.IllegalStateException: secret detail");
    }

    @Test
    void jsonClientsStillGetJsonErrors() {
        App app = appWith(PebbleTemplates.builder().root("errorsite").build());
        ClientResponse res = serve(app).send(ClientRequest.get("/nowhere").accept("application/json"));
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.mediaType()).isEqualTo("application/json");
    }

    @Test
    void aFailingErrorTemplateFallsBackToDuetsPage() throws Exception {
        App app = appWith(PebbleTemplates.builder().root("brokenerrors").build());
        app.get("/boom", req -> {
            throw new IllegalStateException("boom");
        });
        try (LogCapture log = LogCapture.of("dev.duet.App")) {
            ClientResponse res = serve(app).get("/boom");
            assertThat(res.status()).isEqualTo(500);
            assertThat(res.mediaType()).isEqualTo("text/html");
            assertThat(res.text()).contains("Internal Server Error").doesNotContain("{{");
            ILoggingEvent e = log.await(ev -> ev.getFormattedMessage().startsWith("The error page template for 500 failed"),
                    Duration.ofSeconds(10));
            assertThat(e.getThrowableProxy().getMessage()).startsWith("brokenerrors/errors/error.html:1");
        }
    }
}
