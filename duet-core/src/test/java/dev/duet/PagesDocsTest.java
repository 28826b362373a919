package dev.duet;

import com.example.Directory;
import dev.duet.conformance.DocSnippets;
import dev.duet.conformance.ResourceTemplates;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/pages.md's example site, served and checked here: the page classes under
 * {@code com.example.pages} (their templates beside them in the test resources, rendered by the
 * test-only {@link ResourceTemplates}) and the registration below. An example is marked
 * {@code <!-- snippet: NAME -->} in the guide and {@code // snippet: NAME} ... {@code // end snippet}
 * in the Java sources; {@link #theGuideShowsExactlyTheCodeTestedHere} fails when they drift apart.
 */
class PagesDocsTest {
    private static final Path PAGES = Path.of("src/test/java/com/example");

    @BeforeEach
    void emptyDirectory() {
        Directory.use();
    }

    static String signedInUser(Request req) {
        String user = req.header("X-User");
        if (user == null) throw HttpError.unauthorized("Sign in first");
        return user;
    }

    static App site() {
        // snippet: pages-app
        App app = App.create();
        app.pages("com.example.pages");                                  // every Page under com.example.pages
        app.group("/admin", admin -> admin
                .before(req -> req.attribute("user", signedInUser(req)))   // the group's hooks and middleware
                .pages("com.example.admin"));                            // apply to its pages too
        // end snippet
        return app.templates(new ResourceTemplates());
    }

    private static TestRequest form(String uri, String body) {
        return TestRequest.post(uri).body(body, "application/x-www-form-urlencoded");
    }

    @Test
    void theExampleSiteWorksAsTheGuideSays() {
        try (TestClient client = TestClient.of(site())) {
            assertThat(client.get("/").text()).isEqualTo("<h1>Welcome</h1>\n");

            TestResponse created = client.send(form("/users", "name=Ada"));
            assertThat(created.status()).isEqualTo(303);
            assertThat(created.header("Location")).isEqualTo("/users/1");
            assertThat(client.get("/users/1").text()).isEqualTo("<h1>Ada</h1> <a href=\"/users/1\">#1</a>\n");
            assertThat(client.get("/users").text()).isEqualTo("<ul>[Ada]</ul>\n");
            assertThat(client.get("/users/ada").status()).as("not a long").isEqualTo(404);

            TestResponse deleted = client.send(form("/users", "_action=delete&id=1"));
            assertThat(deleted.status()).isEqualTo(303);
            assertThat(deleted.header("Location")).isEqualTo("/users");
            TestResponse gone = client.send(TestRequest.get("/users/1").header("Accept", "application/json"));
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.jsonMap()).containsEntry("error", "User not found");

            TestResponse unknown = client.send(form("/users?action=rename", "name=Bo").header("Accept", "application/json"));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.jsonMap()).containsEntry("error", "Unknown action 'rename': this page's actions are delete");
            assertThat(client.send(TestRequest.of("PUT", "/users")).status()).isEqualTo(405);

            assertThat(client.send(form("/todos", "title=milk")).text()).isEqualTo("added milk");
            assertThat(client.send(TestRequest.post("/todos?action=archive")).text()).isEqualTo("archived");

            assertThat(client.send(TestRequest.get("/admin").header("X-User", "ada")).text()).isEqualTo("admin for ada");
            assertThat(client.get("/admin").status()).isEqualTo(401);
        }
        for (Route r : site().routes()) {
            if (r.pattern().equals("/todos")) assertThat(r.isAsync()).as("a mixed POST is an async route").isTrue();
            if (r.pattern().equals("/users") && r.method() == HttpMethod.GET) assertThat(r.isAsync()).isFalse();
        }
    }

    @Test
    void theGuideShowsExactlyTheCodeTestedHere() {
        DocSnippets.assertGuideShowsExactly("docs/pages.md", "duet-core/src/test/java/dev/duet/PagesDocsTest.java",
                "duet-core/src/test/java/dev/duet/PageContextTest.java", "duet-core/src/test/java/dev/duet/pagecontext/good/Page.java",
                "duet-core/" + PAGES);
    }
}
