package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Csrf;
import dev.duet.Secrets;
import dev.duet.UploadedFile;
import dev.duet.test.MultipartBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multipart forms and uploads on every core: text fields and files reach the app whole, small
 * files in memory and larger ones in temp files under {@code uploadDir}, the limits answer 413
 * (400 for a malformed body) naming their knob, {@code _csrf} and {@code _action} are read from
 * multipart forms, and the temp files are gone once the request is over, however it ended.
 */
public abstract class UploadsSuite extends ConformanceSuite {
    private static final String KEY = "uploads-key-0123456789-0123456789-012345";
    private static final int THRESHOLD = 1024;

    @TempDir
    Path dir;

    protected UploadsSuite(Harness harness) {
        super(harness);
    }

    private App uploadsApp(UnaryOperator<Config.Builder> tune) {
        return newApp(c -> tune.apply(c.uploadDir(dir.toString()).uploadMemoryThreshold(THRESHOLD)));
    }

    private App uploadsApp() {
        return uploadsApp(c -> c);
    }

    /** Over HTTP the client sends its own Host; in-process there is none, so the request names one. */
    private ClientRequest post(String uri, MultipartBody body) {
        ClientRequest r = ClientRequest.post(uri).body(body.bytes(), body.contentType()).accept("application/json");
        return harness.overHttp() ? r : r.header("Host", "127.0.0.1");
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> describe(UploadedFile f) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fileName", f.fileName());
        m.put("contentType", f.contentType());
        m.put("size", f.size());
        m.put("inMemory", f.inMemory());
        try (var in = f.inputStream()) { // not bytes(): a file may be over maxBodySize
            m.put("sha256", sha256(in.readAllBytes()));
        }
        return m;
    }

    /** A route that answers the fields and a description of each file. */
    private static void echo(App app) {
        app.post("/echo", req -> {
            Map<String, Object> files = new LinkedHashMap<>();
            for (var e : req.files().entrySet()) {
                List<Object> list = new java.util.ArrayList<>();
                for (UploadedFile f : e.getValue()) list.add(describe(f));
                files.put(e.getKey(), list);
            }
            return Map.of("fields", req.formParams(), "files", files, "title", String.valueOf(req.form("title")));
        });
    }

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    /** The temp files are deleted once the exchange has ended, which may be just after the client read its answer. */
    private void awaitNoTempFiles() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (filesIn(dir) > 0 && System.nanoTime() < until) Thread.sleep(10);
        assertThat(dir).as("the upload dir once the request is over").isEmptyDirectory();
    }

    private void awaitTempFile() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (filesIn(dir) == 0 && System.nanoTime() < until) Thread.sleep(5);
        assertThat(filesIn(dir)).as("a temp file while the upload arrives").isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> file(ClientResponse res, String name) {
        return ((List<Map<String, Object>>) ((Map<String, Object>) res.jsonMap().get("files")).get(name)).getFirst();
    }

    // ---- reading forms ----

    @Test
    void fieldsAndFilesArriveWholeSmallOnesInMemoryLargeOnesOnDisk() throws Exception {
        App app = uploadsApp();
        echo(app);
        var client = serve(app);
        byte[] small = "small file".getBytes(StandardCharsets.UTF_8);
        byte[] big = random(300_000, 1);
        var res = client.send(post("/echo", MultipartBody.create().field("title", "Holiday \u2600").field("tag", "a")
                .field("tag", "b").file("small", "s.txt", "text/plain", small).file("big", "b.bin", "application/octet-stream", big)));
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(res.jsonMap()).containsEntry("title", "Holiday \u2600")
                .containsEntry("fields", Map.of("title", List.of("Holiday \u2600"), "tag", List.of("a", "b")));
        assertThat(file(res, "small")).containsEntry("fileName", "s.txt").containsEntry("contentType", "text/plain")
                .containsEntry("size", small.length).containsEntry("inMemory", true).containsEntry("sha256", sha256(small));
        assertThat(file(res, "big")).containsEntry("size", big.length).containsEntry("inMemory", false)
                .containsEntry("sha256", sha256(big));
        awaitNoTempFiles();
    }

    @Test
    void aMultipartBodyIsBoundByMaxUploadSizeNotMaxBodySize() throws Exception {
        App app = uploadsApp(c -> c.maxBodySize(64 * 1024));
        echo(app);
        var client = serve(app);
        byte[] big = random(200_000, 2);
        var res = client.send(post("/echo", MultipartBody.create().file("f", "f.bin", "application/octet-stream", big)));
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(file(res, "f")).containsEntry("sha256", sha256(big));
        awaitNoTempFiles();
    }

    @Test
    void nonAsciiFileNamesAndAnEmptyFile() throws Exception {
        App app = uploadsApp();
        echo(app);
        var client = serve(app);
        var res = client.send(post("/echo", MultipartBody.create()
                .file("doc", "r\u00e9sum\u00e9 \u65e5\u672c.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8))
                .part("Content-Disposition: form-data; name=\"euro\"; filename*=UTF-8''%E2%82%AC.txt\r\n", new byte[]{1})
                .file("empty", "empty.txt", "text/plain", new byte[0])
                .file("none", "", "application/octet-stream", new byte[0])));
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(file(res, "doc")).containsEntry("fileName", "r\u00e9sum\u00e9 \u65e5\u672c.txt");
        assertThat(file(res, "euro")).containsEntry("fileName", "\u20ac.txt").containsEntry("contentType", "application/octet-stream");
        assertThat(file(res, "empty")).containsEntry("size", 0).containsEntry("sha256", sha256(new byte[0]));
        assertThat((Map<String, Object>) res.jsonMap().get("files")).as("a file input left empty is no file").doesNotContainKey("none");
    }

    @Test
    void anAsyncHandlerReadsTheFiles() throws Exception {
        App app = uploadsApp();
        app.postAsync("/async", req -> {
            UploadedFile small = req.file("small");
            UploadedFile big = req.file("big");
            // in memory: read right here; on disk: a blocking read, handed off the event loop
            return req.tasks().offload(() -> sha256(big.bytes()))
                    .thenApply(bigSum -> new String(readAll(small), StandardCharsets.UTF_8) + " " + bigSum + " " + req.form("n"));
        });
        var client = serve(app);
        byte[] big = random(100_000, 3);
        var res = client.send(post("/async", MultipartBody.create().field("n", "7")
                .file("small", "s.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8))
                .file("big", "b.bin", "application/octet-stream", big)));
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(res.text()).isEqualTo("hi " + sha256(big) + " 7");
        awaitNoTempFiles();
    }

    private static byte[] readAll(UploadedFile f) {
        try {
            return f.bytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aFileMovedByTheHandlerIsKept(@TempDir Path kept) throws Exception {
        App app = uploadsApp();
        app.post("/keep", req -> {
            req.file("f").moveTo(kept.resolve("mine.bin"));
            return "kept";
        });
        var client = serve(app);
        byte[] big = random(50_000, 4);
        assertThat(client.send(post("/keep", MultipartBody.create().file("f", "f.bin", "application/octet-stream", big))).text())
                .isEqualTo("kept");
        assertThat(kept.resolve("mine.bin")).hasBinaryContent(big);
        awaitNoTempFiles();
    }

    // ---- limits ----

    private static void assertRefused(ClientResponse res, int status, String knob) {
        assertThat(res.status()).as(res.text()).isEqualTo(status);
        assertThat(res.text()).contains("(" + knob + ")");
    }

    @Test
    void aFileOverMaxFileSizeIs413NamingTheKnob() throws Exception {
        // (small sizes, as in LimitsSuite: a refused body that is still on its way may reset the connection)
        App app = uploadsApp(c -> c.maxFileSize(2000));
        echo(app);
        var client = serve(app);
        assertRefused(client.send(post("/echo", MultipartBody.create().field("a", "1") // on disk past 1024 bytes, refused past 2000
                .file("f", "f.bin", "application/octet-stream", random(4000, 5)))), 413, "maxFileSize");
        awaitNoTempFiles();
    }

    @Test
    void aBodyOverMaxUploadSizeIs413NamingTheKnob() throws Exception {
        App app = uploadsApp(c -> c.maxUploadSize(2000));
        echo(app);
        var client = serve(app);
        assertRefused(client.send(post("/echo", MultipartBody.create()
                .file("f", "f.bin", "application/octet-stream", random(4000, 6)))), 413, "maxUploadSize");
        awaitNoTempFiles();
    }

    @Test
    void aChunkedUploadGrowingOverMaxUploadSizeIsRefusedMidStream() throws Exception {
        assumeOverHttp();
        App app = uploadsApp(c -> c.maxUploadSize(3000));
        app.post("/up", req -> "never reached");
        var client = serve(app);
        MultipartBody body = MultipartBody.create().file("f", "f.bin", "application/octet-stream", random(6000, 15));
        byte[] bytes = body.bytes();
        try (RawClient raw = new RawClient(client.app().port())) {
            raw.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: " + body.contentType()
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            try {
                for (int off = 0; off < bytes.length; off += 1000) {
                    int n = Math.min(1000, bytes.length - off);
                    raw.send(Integer.toHexString(n) + "\r\n").send(java.util.Arrays.copyOfRange(bytes, off, off + n)).send("\r\n");
                }
                raw.send("0\r\n\r\n");
            } catch (IOException refusedWhileSending) {
                // the server answered and closed while the rest was on its way: the answer is still there to read
            }
            RawClient.Res res = raw.read();
            assertThat(res.status()).isEqualTo(413);
            assertThat(res.text()).contains("(maxUploadSize)");
        }
        awaitNoTempFiles();
    }

    @Test
    void moreThanMaxFormPartsIs413NamingTheKnob() {
        App app = uploadsApp(c -> c.maxFormParts(10));
        echo(app);
        var client = serve(app);
        MultipartBody body = MultipartBody.create();
        for (int i = 0; i < 11; i++) body.field("f" + i, "v");
        assertRefused(client.send(post("/echo", body)), 413, "maxFormParts");
    }

    @Test
    void aMalformedBodyIs400() throws Exception {
        App app = uploadsApp();
        echo(app);
        var client = serve(app);
        MultipartBody body = MultipartBody.create().file("f", "f.bin", "application/octet-stream", random(20_000, 7));
        byte[] all = body.bytes();
        byte[] cut = java.util.Arrays.copyOf(all, all.length - 30);
        ClientRequest r = ClientRequest.post("/echo").body(cut, body.contentType());
        var res = client.send(harness.overHttp() ? r : r.header("Host", "127.0.0.1"));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.text()).contains("Malformed multipart body: it ends before the closing boundary delimiter");
        var noBoundary = client.send(ClientRequest.post("/echo").body("x", "multipart/form-data"));
        assertThat(noBoundary.status()).isEqualTo(400);
        assertThat(noBoundary.text()).contains("names no boundary");
        awaitNoTempFiles();
    }

    // ---- fields the framework reads ----

    @Test
    void theCsrfTokenIsReadFromAMultipartForm() {
        App app = uploadsApp(c -> c.secrets(Secrets.of(KEY)));
        app.get("/form", req -> Csrf.token(req));
        app.post("/save", req -> "saved " + req.file("f").size());
        var client = serve(app);
        ClientRequest get = ClientRequest.get("/form");
        var form = client.send(harness.overHttp() ? get : get.header("Host", "127.0.0.1"));
        String token = form.text();
        String cookie = form.headers("Set-Cookie").stream().filter(l -> l.startsWith(Csrf.COOKIE + "="))
                .map(l -> l.substring(Csrf.COOKIE.length() + 1, l.indexOf(';'))).findFirst().orElseThrow();
        String cookies = "session=abc; " + Csrf.COOKIE + "=" + cookie;
        byte[] content = random(5000, 8);
        var ok = client.send(post("/save", MultipartBody.create().field(Csrf.FIELD, token)
                .file("f", "f.bin", "application/octet-stream", content)).header("Cookie", cookies));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.text()).isEqualTo("saved 5000");
        var missing = client.send(post("/save", MultipartBody.create().file("f", "f.bin", "application/octet-stream", content))
                .header("Cookie", cookies));
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.header("X-CSRF-Failure")).isEqualTo("token-missing");
    }

    @Test
    void aPageActionIsReadFromAMultipartForm() {
        App app = uploadsApp();
        app.templates(new ResourceTemplates());
        app.pages("dev.duet.conformance.site");
        var client = serve(app);
        var res = client.send(post("/todo", MultipartBody.create().field("_action", "delete").field("id", "3")
                .file("f", "f.txt", "text/plain", new byte[]{1})));
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(res.text()).startsWith("delete 3 ");
    }

    // ---- cleanup, however the request ends ----

    @Test
    void tempFilesAreDeletedWhenTheHandlerFails() throws Exception {
        App app = uploadsApp();
        app.post("/fail", req -> {
            assertThat(req.file("f").inMemory()).isFalse();
            throw new IllegalStateException("boom");
        });
        var client = serve(app);
        var res = client.send(post("/fail", MultipartBody.create().file("f", "f.bin", "application/octet-stream", random(50_000, 9))));
        assertThat(res.status()).isEqualTo(500);
        awaitNoTempFiles();
    }

    @Test
    void tempFilesAreDeletedWhenTheDeadlineCancelsTheRequest() throws Exception {
        App app = uploadsApp();
        CountDownLatch never = new CountDownLatch(1);
        app.post("/slow", req -> {
            never.await(); // interrupted by the deadline
            return "late";
        }).timeout(Duration.ofMillis(300));
        var client = serve(app);
        var res = client.send(post("/slow", MultipartBody.create().file("f", "f.bin", "application/octet-stream", random(50_000, 10))));
        assertThat(res.status()).isEqualTo(504);
        awaitNoTempFiles();
    }

    @Test
    void tempFilesAreDeletedWhenTheClientLeavesWhileTheHandlerRuns() throws Exception {
        assumeOverHttp();
        assumeCapable(Harness.Capability.NOTICES_DISCONNECTS);
        App app = uploadsApp();
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
        app.post("/wait", req -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                cancelled.complete(true);
            }
            return "never read";
        });
        var client = serve(app);
        MultipartBody body = MultipartBody.create().file("f", "f.bin", "application/octet-stream", random(50_000, 11));
        byte[] bytes = body.bytes();
        try (RawClient raw = new RawClient(client.app().port())) {
            raw.send("POST /wait HTTP/1.1\r\nHost: x\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").send(bytes);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(filesIn(dir)).isEqualTo(1);
        }
        assertThat(cancelled.get(10, TimeUnit.SECONDS)).isTrue();
        awaitNoTempFiles();
    }

    @Test
    void tempFilesAreDeletedWhenTheClientLeavesMidUpload() throws Exception {
        assumeOverHttp();
        App app = uploadsApp();
        app.post("/up", req -> "never reached");
        var client = serve(app);
        MultipartBody body = MultipartBody.create().file("f", "f.bin", "application/octet-stream", random(400_000, 12));
        byte[] bytes = body.bytes();
        try (RawClient raw = new RawClient(client.app().port())) {
            raw.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").send(java.util.Arrays.copyOf(bytes, 200_000));
            awaitTempFile();
        }
        awaitNoTempFiles();
    }

    @Test
    void tempFilesAreDeletedWhenTheReadTimeoutRefusesAnUpload() throws Exception {
        assumeOverHttp();
        assumeCapable(Harness.Capability.READ_TIMEOUT);
        App app = uploadsApp(c -> c.readTimeout(Duration.ofMillis(800)));
        app.post("/up", req -> "never reached");
        var client = serve(app);
        MultipartBody body = MultipartBody.create().file("f", "f.bin", "application/octet-stream", random(400_000, 13));
        byte[] bytes = body.bytes();
        try (RawClient raw = new RawClient(client.app().port())) {
            raw.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").send(java.util.Arrays.copyOf(bytes, 200_000));
            awaitTempFile();
            RawClient.Res res = raw.read();
            assertThat(res.status()).isEqualTo(408);
            assertThat(res.text()).contains("(readTimeout)");
        }
        awaitNoTempFiles();
    }

    @Test
    void aRequestPipelinedBehindAnUploadIsAnsweredAfterIt() throws Exception {
        assumeOverHttp();
        App app = uploadsApp();
        app.post("/up", req -> "upload " + req.file("f").size());
        app.get("/next", req -> "next");
        var client = serve(app);
        MultipartBody body = MultipartBody.create().file("f", "f.bin", "application/octet-stream", random(300_000, 14));
        byte[] bytes = body.bytes();
        try (RawClient raw = new RawClient(client.app().port())) {
            java.io.ByteArrayOutputStream both = new java.io.ByteArrayOutputStream();
            both.writeBytes(("POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            both.writeBytes(bytes);
            both.writeBytes("GET /next HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            raw.send(both.toByteArray());
            assertThat(raw.read().text()).isEqualTo("upload 300000");
            assertThat(raw.read().text()).isEqualTo("next");
        }
        awaitNoTempFiles();
    }

    @Test
    void anUploadAnnouncedOverMaxUploadSizeIsRefusedBeforeItsBody() throws Exception {
        assumeOverHttp();
        assumeCapable(Harness.Capability.BODY_LIMIT_BEFORE_100_CONTINUE);
        App app = uploadsApp(c -> c.maxUploadSize(1000));
        app.post("/up", req -> "never reached");
        var client = serve(app);
        try (RawClient raw = new RawClient(client.app().port())) {
            raw.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 5000\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            RawClient.Res res = raw.read();
            assertThat(res.status()).isEqualTo(413);
            assertThat(res.text()).contains("(maxUploadSize)");
        }
    }
}
