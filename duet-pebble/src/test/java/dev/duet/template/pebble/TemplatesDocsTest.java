package dev.duet.template.pebble;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.View;
import dev.duet.conformance.DocSnippets;
import dev.duet.conformance.LogCapture;
import dev.duet.template.TemplateException;
import dev.duet.test.TestClient;
import dev.duet.test.TestResponse;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * docs/templates.md, held to what it shows: its Java examples are the code between the snippet
 * marks here (compiled and run), and its templates, each marked {@code <!-- template: NAME -->},
 * are put on a class path of their own and rendered by that code.
 */
class TemplatesDocsTest {
    private static final Pattern TEMPLATE = Pattern.compile("<!-- template: (\\S+) -->\\s*\\n```\\w*\\n(.*?)```", Pattern.DOTALL);

    // snippet: templates-routes
    record User(String name, String email) {
    }

    static App routes(App app, List<User> users) {
        app.get("/users", req -> View.of("users.html", Map.of("users", users)));          // blocking
        app.getAsync("/users/later", req -> req.tasks().delay(Duration.ofMillis(10))       // async: the same View
                .thenApply(x -> View.of("users.html").with("users", users)));
        app.get("/users/{i:int}", req -> {
            int i = req.pathInt("i");
            if (i >= users.size()) throw HttpError.notFound("No user " + i);             // errors/404.html answers
            return View.of("/com/example/shop/pages/user/page.html", Map.of("user", users.get(i)));
        });
        app.get("/price", req -> View.of("price.html", Map.of("cents", 1250)));
        return app;
    }
    // end snippet

    // snippet: templates-engine
    static App configured(App app) {
        return app.templates(PebbleTemplates.builder(app.config())   // dev mode: reloads, reads src/main/resources first
                .strictVariables(true)                               // an undefined name fails, naming file:line:column
                .extension(new ShopExtension())                      // the app's own filters and functions
                .build());
    }
    // end snippet

    // snippet: templates-extension
    /** The shop's own filter: {{ cents | money }} prints 1250 as €12.50. */
    static final class ShopExtension extends AbstractExtension {
        @Override
        public Map<String, Filter> getFilters() {
            return Map.of("money", new Filter() {
                @Override
                public Object apply(Object input, Map<String, Object> args, PebbleTemplate self,
                                    EvaluationContext context, int line) {
                    long cents = ((Number) input).longValue();
                    return String.format(Locale.ROOT, "€%d.%02d", cents / 100, cents % 100);
                }

                @Override
                public List<String> getArgumentNames() {
                    return List.of();
                }
            });
        }
    }
    // end snippet

    // snippet: templates-render
    static String welcomeEmail(App app, User user) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        app.templates().resolve("emails/welcome.txt").render(Map.of("user", user), out);
        return out.toString(StandardCharsets.UTF_8);
    }
    // end snippet

    @TempDir
    Path classPath;
    private URLClassLoader docTemplates;
    private ClassLoader previous;
    private final List<User> users = List.of(new User("ada lovelace", "ADA@example.com"), new User("<bob>", "bob@example.com"));

    private static String doc() throws IOException {
        return Files.readString(DocSnippets.projectRoot().resolve("docs/templates.md"));
    }

    /** The doc's templates, on a class path of their own, which the engine reads as it reads an app's. */
    @BeforeEach
    void putTheDocsTemplatesOnAClassPath() throws IOException {
        Matcher m = TEMPLATE.matcher(doc());
        while (m.find()) {
            String name = m.group(1);
            Path file = classPath.resolve(name.startsWith("/") ? name.substring(1) : "templates/" + name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, m.group(2));
        }
        previous = Thread.currentThread().getContextClassLoader();
        // Only the doc's templates: the tests' own class path has a templates/ folder too.
        docTemplates = new URLClassLoader(new URL[] {classPath.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(docTemplates); // the engine's default class loader
    }

    @AfterEach
    void restore() throws IOException {
        Thread.currentThread().setContextClassLoader(previous);
        docTemplates.close();
    }

    private TestClient client() {
        return TestClient.of(routes(configured(App.create(Config.builder().build())), users));
    }

    @Test
    void theUsersPageUsesTheLayoutTheIncludeAndTheMacro() {
        try (TestClient client = client()) {
            for (String path : List.of("/users", "/users/later")) {
                TestResponse res = client.get(path);
                assertThat(res.status()).as(path).isEqualTo(200);
                assertThat(res.text()).as(path)
                        .contains("<title>Users · Shop</title>", "<h1>2 users</h1>")
                        .contains("<li>Ada Lovelace <small>ada@example.com</small></li>")
                        .contains("<li>&lt;bob&gt; <small>bob@example.com</small></li>")   // title-cased, then escaped
                        .contains("<label>Your name <input name=\"name\" type=\"text\"></label>");
            }
        }
    }

    @Test
    void aPageIncludesTheTemplateBesideIt() {
        try (TestClient client = client()) {
            assertThat(client.get("/users/0").text()).contains("<h1>ada lovelace</h1>", "<p class=\"card\">ADA@example.com</p>");
        }
    }

    @Test
    void theErrorPageTemplateAnswersA404() {
        try (TestClient client = client()) {
            TestResponse res = client.get("/users/9");
            assertThat(res.status()).isEqualTo(404);
            assertThat(res.text()).contains("<title>Not found</title>", "<h1>404 Not Found</h1>", "<p>No user 9</p>",
                    "Request " + res.header("X-Request-Id"));
        }
    }

    @Test
    void theExtensionsFilter() {
        try (TestClient client = client()) {
            assertThat(client.get("/price").text()).isEqualTo("<p>Total: €12.50</p>\n");
        }
    }

    @Test
    void escapingAsTheDocSaysIt() throws IOException {
        App app = configured(App.create(Config.builder().build()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        app.templates().resolve("escaping.html").render(Map.of(
                "bio", "<script>alert(1)</script>", "trustedHtml", "<em>ok</em>",
                "query", "tea & cake", "name", "\"</script>"), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                <p>&lt;script&gt;alert(1)&lt;/script&gt;</p>
                <div><em>ok</em></div>
                <a href="/search?q=tea%20%26%20cake">again</a>
                <script>const name = "\\"<\\/script>";</script>
                """);
    }

    @Test
    void anEmailRenderedOutsideARequestWithoutEscaping() throws IOException {
        App app = configured(App.create(Config.builder().build()));
        assertThat(welcomeEmail(app, new User("<Bob>", "bob@example.com"))).isEqualTo("Welcome, <Bob>!"); // the newline after a tag is trimmed
    }

    @Test
    void theStrictModeErrorTheDocShows() throws IOException {
        App app = configured(App.create(Config.builder().build()));
        TemplateException e = catchThrowableOfType(TemplateException.class,
                () -> app.templates().resolve("typo.html").render(Map.of("user", users.getFirst()), new ByteArrayOutputStream()));
        Matcher shown = Pattern.compile("<!-- error: typo.html -->\\s*\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc());
        assertThat(shown.find()).as("the error shown in docs/templates.md").isTrue();
        assertThat("dev.duet.template.TemplateException: " + e.getMessage()).isEqualTo(shown.group(1));
    }

    @Test
    void aFailureIsLoggedWithItsLocation() throws Exception {
        App app = configured(App.create(Config.builder().build()));
        app.get("/typo", req -> View.of("typo.html", Map.of("user", users.getFirst())));
        try (LogCapture log = LogCapture.of("dev.duet.App"); TestClient client = TestClient.of(app)) {
            assertThat(client.get("/typo").status()).isEqualTo(500);
            assertThat(log.await(ev -> ev.getThrowableProxy() != null, Duration.ofSeconds(5)).getThrowableProxy().getMessage())
                    .startsWith("templates/typo.html:2:");
        }
    }

    @Test
    void theDocShowsExactlyTheCodeTestedHere() {
        DocSnippets.assertGuideShowsExactly("docs/templates.md", "duet-pebble/src/test/java/dev/duet/template/pebble/TemplatesDocsTest.java");
    }
}
