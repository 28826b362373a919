package dev.duet;

import dev.duet.conformance.DocSnippets;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/uploads.md, each run through the test client, and the check that the guide
 * shows exactly this code. {@code UploadsSuite} holds every core to the behaviour.
 */
class UploadsGuideTest {
    @TempDir
    Path photos;
    @TempDir
    Path uploadDir;
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

    private App app() {
        return App.create(Config.builder().uploadDir(uploadDir.toString()).build());
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
        return HexFormat.of().formatHex(sha.digest());
    }

    App photos(App app) {
        // snippet: uploads-photo
        app.post("/photos", req -> {
            UploadedFile photo = req.file("photo");                     // null if the form sent none
            if (photo == null) throw HttpError.badRequest("Choose a photo");
            String title = req.form("title");                           // text fields, as in any form
            Path kept = photos.resolve(UUID.randomUUID() + ".jpg");     // a name of your own, never the client's
            photo.moveTo(kept);                                         // a rename of the temp file: it stays
            return Map.of("title", title, "name", photo.fileName(), "size", photo.size());
        });
        // end snippet
        return app;
    }

    @Test
    void aPhotoIsMovedWhereTheAppKeepsIt() throws IOException {
        TestClient client = client(photos(app()));
        byte[] jpeg = new byte[200_000];
        // snippet: uploads-test
        TestResponse res = client.send(TestRequest.post("/photos")
                .multipart(m -> m.field("title", "Beach").file("photo", "beach.jpg", "image/jpeg", jpeg)));
        // end snippet
        assertThat(res.jsonMap()).isEqualTo(Map.of("title", "Beach", "name", "beach.jpg", "size", 200_000));
        try (Stream<Path> kept = Files.list(photos)) {
            assertThat(kept.toList()).singleElement().satisfies(p -> assertThat(Files.size(p)).isEqualTo(200_000));
        }
        assertThat(client.send(TestRequest.post("/photos").multipart(m -> m.field("title", "none"))).status()).isEqualTo(400);
        assertThat(uploadDir).isEmptyDirectory();
    }

    App attachments(App app) {
        // snippet: uploads-many
        app.post("/messages", req -> {
            List<String> names = new ArrayList<>();
            for (UploadedFile f : req.files().getOrDefault("attachments", List.of())) {  // <input type=file multiple>
                names.add(f.fileName() + " (" + f.size() + " bytes, " + f.contentType() + ")");
            }
            return Map.of("text", req.form("text"), "attachments", names);
        });
        // end snippet
        return app;
    }

    @Test
    void severalFilesUnderOneName() {
        TestClient client = client(attachments(app()));
        var res = client.send(TestRequest.post("/messages").multipart(m -> m.field("text", "hi")
                .file("attachments", "a.txt", "text/plain", new byte[3]).file("attachments", "b.pdf", "application/pdf", new byte[5])));
        assertThat(res.jsonMap()).isEqualTo(Map.of("text", "hi",
                "attachments", List.of("a.txt (3 bytes, text/plain)", "b.pdf (5 bytes, application/pdf)")));
    }

    App checksum(App app) {
        // snippet: uploads-async
        app.postAsync("/checksum", req -> {
            UploadedFile file = req.file("file");
            return req.tasks().offload(() -> {                          // reading a temp file blocks: off the loop
                try (InputStream in = file.inputStream()) {
                    return Map.of("name", file.fileName(), "sha256", sha256(in));
                }
            });
        });
        // end snippet
        return app;
    }

    @Test
    void anAsyncHandlerHandsTheReadingToAVirtualThread() throws Exception {
        TestClient client = client(checksum(app()));
        byte[] content = new byte[500_000];
        new java.util.Random(3).nextBytes(content);
        var res = client.send(TestRequest.post("/checksum").multipart(m -> m.file("file", "x.bin", "application/octet-stream", content)));
        assertThat(res.jsonMap()).containsEntry("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }

    @Test
    void theSettings() {
        // snippet: uploads-settings
        Config config = Config.builder()
                .uploadMemoryThreshold(64 * 1024)          // DUET_UPLOAD_MEMORY_THRESHOLD=64k: larger files go to disk
                .maxFileSize(100L * 1024 * 1024)           // DUET_MAX_FILE_SIZE=100m: per file, else 413
                .maxUploadSize(200L * 1024 * 1024)         // DUET_MAX_UPLOAD_SIZE=200m: the whole body, else 413
                .maxFormParts(1000)                        // DUET_MAX_FORM_PARTS: fields and files, else 413
                .uploadDir("/var/tmp/myapp-uploads")       // DUET_UPLOAD_DIR: where the temp files go
                .build();
        // end snippet
        assertThat(config.uploadMemoryThreshold()).isEqualTo(Config.defaults().uploadMemoryThreshold());
        assertThat(config.maxFileSize()).isEqualTo(Config.defaults().maxFileSize());
        assertThat(config.maxUploadSize()).isEqualTo(Config.defaults().maxUploadSize());
        assertThat(config.maxFormParts()).isEqualTo(Config.defaults().maxFormParts());
        Config fromEnv = Config.builder().apply(Map.of("DUET_MAX_FILE_SIZE", "5m", "DUET_UPLOAD_DIR", "/x"),
                Map.of("duet.maxUploadSize", "1g", "duet.uploadMemoryThreshold", "8k", "duet.maxFormParts", "20")).build();
        assertThat(fromEnv.maxFileSize()).isEqualTo(5L * 1024 * 1024);
        assertThat(fromEnv.maxUploadSize()).isEqualTo(1024L * 1024 * 1024);
        assertThat(fromEnv.uploadMemoryThreshold()).isEqualTo(8 * 1024);
        assertThat(fromEnv.maxFormParts()).isEqualTo(20);
        assertThat(fromEnv.uploadDir()).isEqualTo("/x");
        assertThat(Config.defaults().uploadDir()).isEqualTo(System.getProperty("java.io.tmpdir"));
    }

    @Test
    void theLimitsAnswer413NamingTheirKnob() {
        App app = App.create(Config.builder().uploadDir(uploadDir.toString()).maxFileSize(1000).requestTimeout(Duration.ofSeconds(5)).build());
        TestClient client = client(photos(app));
        var res = client.send(TestRequest.post("/photos").header("Accept", "application/json")
                .multipart(m -> m.field("title", "big").file("photo", "big.jpg", "image/jpeg", new byte[5000])));
        assertThat(res.status()).isEqualTo(413);
        assertThat(res.jsonMap().get("error")).isEqualTo("Uploaded file 'photo' larger than the limit of 1000 bytes (maxFileSize)");
        assertThat(uploadDir).isEmptyDirectory();
    }

    @Test
    void theGuideShowsExactlyThisCode() throws IOException {
        Path root = DocSnippets.projectRoot();
        Map<String, String> tested = DocSnippets.find(DocSnippets.IN_JAVA,
                Files.readString(root.resolve("duet-core/src/test/java/dev/duet/UploadsGuideTest.java")));
        Map<String, String> shown = DocSnippets.find(DocSnippets.IN_MARKDOWN, Files.readString(root.resolve("docs/uploads.md")));
        assertThat(shown.keySet()).as("snippets shown in docs/uploads.md").containsExactlyInAnyOrderElementsOf(tested.keySet());
        shown.forEach((name, code) -> assertThat(code).as("snippet '%s' in docs/uploads.md", name).isEqualTo(tested.get(name)));
    }
}
