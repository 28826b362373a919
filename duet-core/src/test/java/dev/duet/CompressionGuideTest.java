package dev.duet;

import dev.duet.conformance.DocSnippets;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/compression.md run through the test client, the compressible types checked
 * one by one, and the check that the guide shows exactly this code. (The conformance suite,
 * {@code CompressionSuite}, holds every core to the behaviour; duet-brotli's {@code BrotliSuite} adds br.)
 */
class CompressionGuideTest {
    private static final String REPORT = "day,visits\n" + "2026-01-01,42\n".repeat(200);
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stopAll() {
        clients.forEach(TestClient::close);
    }

    private TestClient client(App app) {
        TestClient c = TestClient.of(app);
        clients.add(c);
        return c;
    }

    static String report() {
        return REPORT;
    }

    // snippet: compression-config
    static Config fewerButLargerBodies() {
        // compress bodies from 4 KiB up (1 KiB by default); .compression(false) turns it off
        return Config.builder().compressionMinSize(4 * 1024).build();
    }
    // end snippet

    // snippet: compression-opt-out
    static App optOuts() {
        App app = App.create();
        // every response of this route as it is
        app.get("/report.csv", req -> Response.bytes(report().getBytes(StandardCharsets.UTF_8), "text/csv")).compress(false);
        // this one response as it is (and no proxy may compress it either)
        app.get("/report.txt", req -> Response.text(report()).header("Cache-Control", "no-transform"));
        return app;
    }
    // end snippet

    // snippet: compression-test
    static void checkCompressed(TestClient client) throws IOException {
        TestResponse res = client.send(TestRequest.get("/report").header("Accept-Encoding", "gzip"));
        assertThat(res.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(res.header("Vary")).isEqualTo("Accept-Encoding");
        byte[] body = new GZIPInputStream(new ByteArrayInputStream(res.body())).readAllBytes();
        assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("day,visits");
    }
    // end snippet

    @Test
    void theMinimumSizeIsAKnob() {
        App app = App.create(fewerButLargerBodies());
        app.get("/3k", req -> "a".repeat(3 * 1024));
        app.get("/5k", req -> "a".repeat(5 * 1024));
        TestClient client = client(app);
        assertThat(client.send(TestRequest.get("/3k").header("Accept-Encoding", "gzip")).header("Content-Encoding")).isNull();
        assertThat(client.send(TestRequest.get("/5k").header("Accept-Encoding", "gzip")).header("Content-Encoding")).isEqualTo("gzip");
        assertThat(Config.defaults().compression()).isTrue();
        assertThat(Config.defaults().compressionMinSize()).isEqualTo(1024);
        Config env = Config.builder().apply(Map.of("DUET_COMPRESSION", "off", "DUET_COMPRESSION_MIN_SIZE", "8k"), Map.of()).build();
        assertThat(env.compression()).isFalse();
        assertThat(env.compressionMinSize()).isEqualTo(8 * 1024);
    }

    @Test
    void optOutsAreSentAsTheyAre() {
        TestClient client = client(optOuts());
        for (String path : List.of("/report.csv", "/report.txt")) {
            TestResponse res = client.send(TestRequest.get(path).header("Accept-Encoding", "gzip"));
            assertThat(res.header("Content-Encoding")).as(path).isNull();
            assertThat(res.text()).as(path).isEqualTo(REPORT);
        }
    }

    @Test
    void theTestExampleRuns() throws IOException {
        App app = App.create();
        app.get("/report", req -> Response.text(report()));
        checkCompressed(client(app));
    }

    @Test
    void theTypesWorthCompressing() {
        for (String type : List.of("text/html; charset=utf-8", "text/css", "TEXT/PLAIN", "application/json",
                "application/javascript", "application/xml", "image/svg+xml", "application/problem+json",
                "application/atom+xml", "application/ld+json; charset=utf-8", "application/x-javascript")) {
            assertThat(Compression.compressible(type)).as(type).isTrue();
        }
        for (String type : List.of("image/png", "image/svg", "application/octet-stream", "application/zip",
                "application/gzip", "application/pdf", "font/woff2", "video/mp4", "application/jsonx", "image/svg+xmlx")) {
            assertThat(Compression.compressible(type)).as(type).isFalse();
        }
        assertThat(Compression.compressible(null)).isFalse();
    }

    @Test
    void badSettingsAreRefusedNamingTheKnob() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Config.builder().compressionMinSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("compressionMinSize must be in 0..2147483647, got -1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Config.builder().apply(Map.of("DUET_COMPRESSION", "maybe"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad value for compression (duet.compression / DUET_COMPRESSION)");
    }

    @Test
    void theGuideShowsExactlyTheCodeTestedHere() throws IOException {
        Path root = DocSnippets.projectRoot();
        Map<String, String> tested = DocSnippets.find(DocSnippets.IN_JAVA,
                Files.readString(root.resolve("duet-core/src/test/java/dev/duet/CompressionGuideTest.java")));
        Map<String, String> shown = DocSnippets.find(DocSnippets.IN_MARKDOWN, Files.readString(root.resolve("docs/compression.md")));
        assertThat(shown.keySet()).as("snippets shown in docs/compression.md").containsExactlyInAnyOrderElementsOf(tested.keySet());
        shown.forEach((name, code) -> assertThat(code).as("snippet '%s' in docs/compression.md vs in CompressionGuideTest", name)
                .isEqualTo(tested.get(name)));
    }
}
