package dev.duet;

import dev.duet.conformance.DocSnippets;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/static-files.md, each run through the test client, and the check that the
 * guide shows exactly this code. (The conformance suite, {@code StaticFilesSuite}, holds every
 * core to the behaviour; this holds the guide to the code.)
 */
class StaticFilesGuideTest {
    @TempDir
    Path dir;
    private final List<App> apps = new ArrayList<>();
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stopAll() {
        clients.forEach(TestClient::close);
        apps.forEach(App::stop);
    }

    private TestClient client(App app) {
        apps.add(app);
        TestClient c = TestClient.of(app);
        clients.add(c);
        return c;
    }

    // snippet: static-directory
    static App site(Path dir) {
        App app = App.create();
        app.get("/static/{file:*}", StaticFiles.directory(dir));   // GET and HEAD; any other method is a 405
        return app;
    }
    // end snippet

    @Test
    void aDirectory() throws IOException {
        Files.createDirectories(dir.resolve("css"));
        Files.writeString(dir.resolve("css/site.css"), "body { margin: 0 }");
        TestClient client = client(site(dir));
        TestResponse r = client.get("/static/css/site.css");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        TestResponse again = client.send(TestRequest.get("/static/css/site.css").header("If-None-Match", r.header("ETag")));
        assertThat(again.status()).isEqualTo(304);
        assertThat(client.get("/static/css").status()).isEqualTo(404);
    }

    static App assets(App app) {
        // snippet: static-classpath
        app.get("/assets/{file:*}", StaticFiles.classpath("assets")      // src/main/resources/assets, in a jar too
                .cacheControl("public, max-age=31536000, immutable"));   // names that change with the content
        // end snippet
        return app;
    }

    @Test
    void theClassPath() {
        TestClient client = client(assets(App.create()));
        TestResponse r = client.get("/assets/app.3f9a1c.css");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("body{margin:0}\n");
        assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    }

    static App bigAssets(App app) {
        // snippet: static-memory
        app.get("/assets/{file:*}", StaticFiles.classpath("assets")
                .memoryCache(1024 * 1024, 64L * 1024 * 1024));         // files up to 1 MiB, 64 MiB in all
        // end snippet
        return app;
    }

    @Test
    void theClassPathKeptInMemory() {
        TestClient client = client(bigAssets(App.create(Config.builder().build())));
        TestResponse r = client.get("/assets/app.3f9a1c.css");
        assertThat(r.text()).isEqualTo("body{margin:0}\n");
        TestResponse part = client.send(TestRequest.get("/assets/app.3f9a1c.css").header("Range", "bytes=0-3"));
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.text()).isEqualTo("body");
        assertThat(client.send(TestRequest.get("/assets/app.3f9a1c.css").header("If-None-Match", r.header("ETag"))).status())
                .isEqualTo(304);
    }

    static StaticFiles tuned(Path dir) {
        // snippet: static-options
        StaticFiles files = StaticFiles.directory(dir)
                .precompressed(false)                              // never look for x.br or x.gz beside x
                .hiddenFiles(true)                                 // serve .well-known/ (and every other dot-file)
                .contentType("glb", "model/gltf-binary")          // add a type, or replace one of Duet's
                .cacheControl(null);                               // send no Cache-Control at all
        // end snippet
        return files;
    }

    @Test
    void settings() throws IOException {
        Files.createDirectories(dir.resolve(".well-known"));
        Files.writeString(dir.resolve(".well-known/security.txt"), "Contact: mailto:a@example.com");
        Files.writeString(dir.resolve("duck.glb"), "glTF");
        Files.writeString(dir.resolve("duck.glb.gz"), "not looked at");
        App app = App.create();
        app.get("/{file:*}", tuned(dir));
        TestClient client = client(app);
        assertThat(client.get("/.well-known/security.txt").status()).isEqualTo(200);
        TestResponse duck = client.send(TestRequest.get("/duck.glb").header("Accept-Encoding", "gzip"));
        assertThat(duck.header("Content-Type")).isEqualTo("model/gltf-binary");
        assertThat(duck.header("Content-Encoding")).isNull();
        assertThat(duck.header("Cache-Control")).isNull();
        assertThat(duck.text()).isEqualTo("glTF");
    }

    static App exports(App app, Path latest) {
        // snippet: sized-stream
        app.get("/export.csv", req -> Response.stream("text/csv; charset=utf-8", Files.size(latest),
                out -> Files.copy(latest, out)));   // sent with Content-Length, read as it is sent
        // end snippet
        return app;
    }

    @Test
    void aSizedStream() throws IOException {
        Path csv = dir.resolve("latest.csv");
        Files.writeString(csv, "id,name\n1,Ada\n".repeat(10_000));
        TestResponse r = client(exports(App.create(), csv)).get("/export.csv");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo(Long.toString(Files.size(csv)));
        assertThat(r.header("Transfer-Encoding")).isNull();
        assertThat(r.body()).isEqualTo(Files.readAllBytes(csv));
    }

    @Test
    void theGuideShowsExactlyTheCodeTestedHere() {
        DocSnippets.assertGuideShowsExactly("docs/static-files.md", "duet-core/src/test/java/dev/duet/StaticFilesGuideTest.java");
    }
}
