package dev.duet.template.jte;

import dev.duet.App;
import dev.duet.HttpError;
import dev.duet.Response;
import dev.duet.View;
import dev.duet.conformance.ClientRequest;
import dev.duet.conformance.ClientResponse;
import dev.duet.conformance.ConformanceSuite;
import dev.duet.conformance.Harness;
import dev.duet.conformance.LogCapture;
import dev.duet.template.TemplateException;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Views rendered by jte through a whole app, on one harness (in-process through the test client,
 * or over HTTP on a core) with one of jte's two modes: each subclass is one (harness, mode) pair.
 */
abstract class JteViewsSuite extends ConformanceSuite {
    private final JteTemplates engine;

    JteViewsSuite(Harness harness, JteTemplates engine) {
        super(harness);
        this.engine = engine;
    }

    private Harness.Client serve(java.util.function.Consumer<App> routes) {
        App app = newApp();
        app.templates(engine);
        routes.accept(app);
        return serve(app);
    }

    @Test
    void aBlockingHandlerReturnsAView() {
        var client = serve(app -> app.get("/home/{name}", req -> View.of("home.jte", Map.of("name", req.pathParam("name")))));
        ClientResponse res = client.get("/home/Ada");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.mediaType()).isEqualTo("text/html");
        assertThat(res.header("Content-Type")).containsIgnoringCase("charset=utf-8");
        assertThat(res.text()).isEqualTo("<!DOCTYPE html>\n<html><head><title>Home of Ada</title></head>\n"
                + "<body><p>Hello, Ada! You asked for /home/Ada.</p></body></html>\n");
    }

    @Test
    void anAsyncHandlerReturnsAViewAfterATimer() {
        var client = serve(app -> app.getAsync("/later", req -> req.tasks().delay(Duration.ofMillis(5))
                .thenApply(x -> View.of("home.jte").with("name", "Grace"))));
        ClientResponse res = client.get("/later");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).contains("<title>Home of Grace</title>", "<p>Hello, Grace! You asked for /later.</p>");
    }

    @Test
    void aResponseWithAViewBodyKeepsItsStatus() {
        var client = serve(app -> app.get("/gone", req -> Response.status(410, View.of("/dev/duet/template/jte/page.jte", Map.of("title", "Gone")))));
        ClientResponse res = client.get("/gone");
        assertThat(res.status()).isEqualTo(410);
        assertThat(res.text()).isEqualTo("<h1>Gone</h1>\n");
    }

    @Test
    void userTextIsEscapedForTheContextItIsWrittenIn() {
        var client = serve(app -> app.get("/e", req -> View.of("escaping.jte", Map.of("text", req.query("t")))));
        ClientResponse res = client.get("/e?t=%3Cb%3E%27%22%26%3C%2Fb%3E"); // <b>'"&</b>
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).isEqualTo("""
                <p>&lt;b&gt;'"&amp;&lt;/b&gt;</p>
                <a href="/search?q=&lt;b>&#39;&#34;&amp;&lt;/b>" title="&lt;b>&#39;&#34;&amp;&lt;/b>">link</a>
                <script>var s = '<b>\\'\\"&<\\/b>';</script>
                <button onclick="say('<b>\\x27\\x22&</b>')">say</button>
                """);
    }

    @Test
    void aJavascriptUrlIsDroppedFromAnHref() {
        var client = serve(app -> app.get("/l", req -> View.of("link.jte", Map.of("url", req.query("u")))));
        assertThat(client.get("/l?u=javascript:alert(1)").text()).isEqualTo("<a href=\"\">go</a>\n");
        assertThat(client.get("/l?u=/users?id=1%26x=%22").text()).isEqualTo("<a href=\"/users?id=1&amp;x=&#34;\">go</a>\n");
    }

    @Test
    void aLayoutTakesContentBlocksAndPartials() {
        var client = serve(app -> {
            app.get("/fortunes", req -> View.of("fortunes.jte", Map.of("fortunes",
                    List.of(new Fortune(1, "fortune: No such file or directory"), new Fortune(2, "<script>alert(\"x\")</script>")))));
            app.get("/users", req -> View.of("users", Map.of("users", List.of("Ada", "Grace & Co"))));
        });
        assertThat(client.get("/fortunes").text()).isEqualTo("<!DOCTYPE html>\n<html><head><title>Fortunes</title>"
                + "<meta name=\"robots\" content=\"noindex\"></head>\n<body><table><tr><th>id</th><th>message</th></tr>"
                + "<tr><td>1</td><td>fortune: No such file or directory</td></tr>"
                + "<tr><td>2</td><td>&lt;script&gt;alert(\"x\")&lt;/script&gt;</td></tr></table></body></html>\n");
        assertThat(client.get("/users").text()).contains("<title>Users</title></head>",
                "<body><ul><li>Ada</li>\n<li>Grace &amp; Co</li>\n</ul></body>");
    }

    @Test
    void textOutsideAsciiArrivesAsUtf8() {
        var client = serve(app -> app.get("/u", req -> View.of("unicode.jte", Map.of("text", "日本 😀 ü"))));
        ClientResponse res = client.get("/u");
        assertThat(res.body()).isEqualTo("<p>Grüße 日本 😀 ü</p>\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingStatusPageIsTheAppsTemplate() {
        var client = serve(app -> app.get("/users/{id}", req -> {
            throw HttpError.notFound("No user " + req.pathParam("id"));
        }));
        ClientResponse res = client.send(ClientRequest.get("/users/7").accept("text/html"));
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.mediaType()).isEqualTo("text/html");
        assertThat(res.text()).startsWith("<h1>404 Not Found</h1><p>No user 7</p><p id=\"rid\">").doesNotContain("{");
    }

    @Test
    void aTemplateThatFailsWhileRenderingIsA500AndTheLogNamesItsLine() throws InterruptedException {
        var client = serve(app -> app.get("/broken", req -> View.of("broken.jte"))); // name is null: line 3 fails
        try (LogCapture log = LogCapture.of("dev.duet")) {
            ClientResponse res = client.send(ClientRequest.get("/broken").accept("application/json"));
            assertThat(res.status()).isEqualTo(500);
            assertThat(res.jsonMap()).containsEntry("error", "Internal Server Error");
            ILoggingEvent logged = log.await(e -> e.getThrowableProxy() != null, Duration.ofSeconds(5));
            assertThat(logged.getThrowableProxy().getClassName()).isEqualTo(TemplateException.class.getName());
            assertThat(logged.getThrowableProxy().getMessage())
                    .startsWith("templates/broken.jte:3: failed while rendering: java.lang.NullPointerException");
        }
    }

    @Test
    void aMissingTemplateIsA500AndTheLogNamesIt() throws InterruptedException {
        var client = serve(app -> app.get("/nothing", req -> View.of("nothing-here.jte")));
        try (LogCapture log = LogCapture.of("dev.duet")) {
            ClientResponse res = client.send(ClientRequest.get("/nothing").accept("application/json"));
            assertThat(res.status()).isEqualTo(500);
            ILoggingEvent logged = log.await(e -> e.getThrowableProxy() != null, Duration.ofSeconds(5));
            assertThat(logged.getThrowableProxy().getMessage()).isEqualTo("nothing-here.jte: no such template");
        }
    }
}
