package dev.duet.template.jte;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.View;
import dev.duet.conformance.DocSnippets;
import dev.duet.conformance.LogCapture;
import dev.duet.template.Template;
import dev.duet.template.TemplateException;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java example of docs/templates-jte.md, compiled and run here; and every jte template the
 * page shows is one of this module's test templates, which the test build precompiles. An example
 * is marked {@code <!-- snippet: NAME -->} in the Markdown and {@code // snippet: NAME} ...
 * {@code // end snippet} here; a template is marked {@code <!-- jte: PATH -->} (its path under
 * src/test/jte) before its {@code ```jte} block.
 */
class JteDocsTest {
    private static final Pattern JTE_IN_MARKDOWN = Pattern.compile("<!-- jte: ([\\w/.-]+) -->\\s*\\n```jte\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path projectDir;

    @Test
    void anAppChoosesJte() {
        // snippet: jte-app
        App app = App.create(Config.defaults());
        app.templates(JteTemplates.create(app.config()));   // dev mode: compiled from src/main/jte; else precompiled
        app.get("/hello/{name}", req -> View.of("home.jte", Map.of("name", req.pathParam("name"))));
        // end snippet
        try (TestClient client = TestClient.of(app)) {
            TestResponse res = client.get("/hello/Ada");
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.text()).contains("<title>Home of Ada</title>", "<p>Hello, Ada! You asked for /hello/Ada.</p>");
        }
    }

    @Test
    void anAppSaysWhereItsTemplatesAre() throws IOException {
        Path file = projectDir.resolve("src/main/jte/views/home.jte");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "@param String name\n<p>Hi ${name}</p>");
        for (Config config : List.of(Config.builder().dev(true).build(), Config.defaults())) {
            // snippet: jte-by-hand
            JteTemplates templates = config.dev()
                    ? JteTemplates.dev(projectDir.resolve("src/main/jte"))  // compiled on the fly, reloaded on change
                    : JteTemplates.precompiled();                           // jte-maven-plugin's classes
            App app = App.create(config).templates(templates.root("views"));   // "home.jte" is views/home.jte
            // end snippet
            app.get("/", req -> View.of("home.jte", Map.of("name", "Ada")));
            try (TestClient client = TestClient.of(app); LogCapture quiet = LogCapture.of("dev.duet")) {
                TestResponse res = client.get("/");
                if (config.dev()) {
                    assertThat(res.text()).isEqualTo("<p>Hi Ada</p>");
                } else {
                    assertThat(res.status()).as("the test build precompiled no views/home.jte").isEqualTo(500);
                }
            }
        }
    }

    @Test
    void aTemplateFailureSaysWhere() throws IOException {
        JteTemplates templates = Engines.precompiled();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String where = null;
        // snippet: jte-errors
        try {
            Template page = templates.resolve("broken.jte");   // not found: TemplateException "broken.jte: no such template"
            page.render(model, out);                            // fails on its line 3: a null name
        } catch (TemplateException e) {
            where = e.location();                               // "templates/broken.jte:3" (jte gives no column)
        }
        // end snippet
        assertThat(where).isEqualTo("templates/broken.jte:3");
    }

    @Test
    void theDevErrorPageNamesTheTemplatesLine() {
        App app = App.create(Config.builder().dev(true).build());
        app.templates(Engines.dev());
        app.get("/broken", req -> View.of("broken.jte"));
        try (TestClient client = TestClient.of(app); LogCapture quiet = LogCapture.of("dev.duet")) {
            TestResponse res = client.send(TestRequest.get("/broken").header("Accept", "text/html"));
            assertThat(res.status()).isEqualTo(500);
            assertThat(res.text()).contains("Template: <code>templates/broken.jte:3</code>");
        }
    }

    @Test
    void theDocShowsExactlyTheCodeTestedHere() throws IOException {
        Path root = DocSnippets.projectRoot();
        String doc = Files.readString(root.resolve("docs/templates-jte.md"));
        DocSnippets.assertGuideShowsExactly("docs/templates-jte.md", "duet-jte/src/test/java/dev/duet/template/jte/JteDocsTest.java");

        Matcher m = JTE_IN_MARKDOWN.matcher(doc);
        int templates = 0;
        while (m.find()) {
            templates++;
            assertThat(m.group(2).strip()).as("template %s in docs/templates-jte.md vs src/test/jte", m.group(1))
                    .isEqualTo(Files.readString(root.resolve("duet-jte/src/test/jte").resolve(m.group(1))).strip());
        }
        assertThat(templates).as("templates shown").isGreaterThanOrEqualTo(3);
    }
}
