package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Response;
import dev.duet.StaticFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response compression on every core: gzip chosen by {@code Accept-Encoding} q-values for
 * text-like bodies of at least {@code compressionMinSize}, from blocking and async handlers and
 * streams, with {@code Vary: Accept-Encoding} on every compressible response, the Content-Length
 * of the compressed bytes and a weakened ETag; and left alone for q=0 and identity-only clients,
 * small bodies, images, precompressed static files, ranges, {@code no-transform}, 304, routes and
 * apps that opted out. A HEAD answer says what its GET says. (br is checked in duet-brotli.)
 */
public abstract class CompressionSuite extends ConformanceSuite {
    /** About 4 KiB of JSON: over the 1 KiB default, under the 16 KiB that leave an event loop. */
    static final List<Map<String, Object>> USERS = users(60);
    /** About 55 KiB of JSON: compressed off the event loop when an async handler returns it. */
    static final List<Map<String, Object>> MANY_USERS = users(1000);
    static final String TEXT = "All work and no play makes Jack a dull boy.\n".repeat(100);

    @TempDir
    Path tmp;

    protected CompressionSuite(Harness harness) {
        super(harness);
    }

    static List<Map<String, Object>> users(int n) {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < n; i++) users.add(Map.of("id", i, "name", "user" + i, "email", "user" + i + "@example.com"));
        return users;
    }

    static ClientRequest get(String uri, String acceptEncoding) {
        ClientRequest r = ClientRequest.get(uri);
        return acceptEncoding == null ? r : r.header("Accept-Encoding", acceptEncoding);
    }

    static byte[] gunzip(byte[] bytes) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private App appWithRoutes() {
        App app = newApp();
        app.get("/users", req -> USERS);
        app.getAsync("/users-async", req -> CompletableFuture.completedFuture(USERS));
        app.getAsync("/many-async", req -> CompletableFuture.completedFuture(MANY_USERS));
        app.get("/many", req -> MANY_USERS);
        app.get("/text", req -> Response.text(TEXT));
        app.get("/small", req -> Response.text("short"));
        app.get("/png", req -> Response.bytes(TEXT.getBytes(StandardCharsets.UTF_8), "image/png"));
        app.get("/svg", req -> Response.bytes(("<svg>" + TEXT + "</svg>").getBytes(StandardCharsets.UTF_8), "image/svg+xml"));
        app.get("/no-transform", req -> Response.text(TEXT).header("Cache-Control", "no-transform, max-age=60"));
        app.get("/etag", req -> Response.text(TEXT).header("ETag", "\"v1\""));
        app.get("/vary-cookie", req -> Response.text(TEXT).header("Vary", "Cookie"));
        app.get("/not-modified", req -> new Response().status(304).header("ETag", "\"v1\""));
        app.get("/stream", req -> Response.stream("text/plain; charset=utf-8", out -> {
            for (int i = 0; i < 20; i++) {
                out.write(TEXT.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }));
        byte[] sized = TEXT.getBytes(StandardCharsets.UTF_8);
        app.get("/sized-stream", req -> Response.stream("text/csv", sized.length, out -> out.write(sized)));
        app.get("/opted-out", req -> Response.text(TEXT)).compress(false);
        return app;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/users", "/users-async"})
    void aJsonBodyIsGzippedForAClientThatAcceptsIt(String path) {
        var client = serve(appWithRoutes());
        ClientResponse plain = client.send(get(path, null));
        ClientResponse r = client.send(get(path, "gzip, deflate"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
        assertThat(r.body().length).isLessThan(plain.body().length / 3);
        assertThat(text(gunzip(r.body()))).isEqualTo(plain.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/many", "/many-async"})
    void aLargeBodyIsGzippedWhereverItsHandlerRan(String path) {
        var client = serve(appWithRoutes());
        ClientResponse plain = client.send(get(path, null));
        assertThat(plain.body().length).as("over the 16 KiB an event loop compresses itself").isGreaterThan(32 * 1024);
        ClientResponse r = client.send(get(path, "gzip"));
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
        assertThat(gunzip(r.body())).isEqualTo(plain.body());
    }

    @Test
    void aLargeBodyOnAnEventLoopIsSentUncompressedWhenTheCpuPoolIsFull() throws Exception {
        assumeEventLoop();
        var release = new CountDownLatch(1);
        var hogging = new CountDownLatch(1);
        App app = newApp(c -> c.cpuThreads(1).cpuQueue(0));
        app.getAsync("/hog", req -> req.tasks().cpu(() -> {
            hogging.countDown();
            release.await();
            return "done";
        }));
        app.getAsync("/many-async", req -> CompletableFuture.completedFuture(MANY_USERS));
        var client = serve(app);
        var hog = client.sendAsync(ClientRequest.get("/hog"));
        assertThat(hogging.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            ClientResponse r = client.send(get("/many-async", "gzip"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Encoding")).as("the one CPU thread is busy and no task may wait").isNull();
            assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
            assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
            assertThat(r.json()).isEqualTo(client.send(get("/many-async", null)).json());
        } finally {
            release.countDown();
        }
        assertThat(hog.get(10, TimeUnit.SECONDS).text()).isEqualTo("done");
        // The hog's answer can arrive a moment before its pool thread is back, so the pool is free "soon", not at once.
        String coding = null;
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); coding == null && System.nanoTime() < until; ) {
            coding = client.send(get("/many-async", "gzip")).header("Content-Encoding");
            if (coding == null) Thread.sleep(10);
        }
        assertThat(coding).as("a free pool compresses again").isEqualTo("gzip");
    }

    @Test
    void withoutAcceptEncodingTheBodyIsSentAsItIsButVaryIsSaid() {
        var client = serve(appWithRoutes());
        ClientResponse r = client.send(get("/text", null));
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.header("Vary")).as("a cache must not hand this copy to a client that accepts gzip").isEqualTo("Accept-Encoding");
        assertThat(r.text()).isEqualTo(TEXT);
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(TEXT.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip;q=0", "identity", "gzip;q=0, identity;q=0.5", "deflate, compress", "br;q=0, gzip;q=0", "*;q=0, identity"})
    void aClientThatRefusesGzipOrAsksOnlyForIdentityGetsTheBodyAsItIs(String acceptEncoding) {
        var client = serve(appWithRoutes());
        ClientResponse r = client.send(get("/text", acceptEncoding));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.text()).isEqualTo(TEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip;q=0.5", "*", "x-gzip", "br, gzip", "GZIP;Q=1.0"})
    void gzipIsChosenByItsQValue(String acceptEncoding) {
        var client = serve(appWithRoutes());
        ClientResponse r = client.send(get("/text", acceptEncoding));
        assertThat(r.header("Content-Encoding")).as("no br coding on duet-core's class path").isEqualTo("gzip");
        assertThat(text(gunzip(r.body()))).isEqualTo(TEXT);
    }

    @Test
    void aSmallBodyIsNotCompressedNorVaried() {
        var client = serve(appWithRoutes());
        ClientResponse r = client.send(get("/small", "gzip"));
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.header("Vary")).isNull();
        assertThat(r.text()).isEqualTo("short");
    }

    @Test
    void compressionMinSizeIsAKnob() {
        String small = "la ".repeat(34); // 102 bytes
        App app = newApp(c -> c.compressionMinSize(100));
        app.get("/small", req -> Response.text(small));
        app.get("/smaller", req -> Response.text(small.substring(3))); // 99 bytes
        var client = serve(app);
        ClientResponse r = client.send(get("/small", "gzip"));
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(text(gunzip(r.body()))).isEqualTo(small);
        assertThat(client.send(get("/smaller", "gzip")).header("Content-Encoding")).isNull();
    }

    @Test
    void aBodyThatGzipCannotShrinkIsSentAsItIs() {
        App app = newApp(c -> c.compressionMinSize(4));
        app.get("/short", req -> Response.text("short"));
        ClientResponse r = serve(app).send(get("/short", "gzip"));
        assertThat(r.header("Content-Encoding")).as("gzip's 18 bytes of framing outweigh 5 bytes").isNull();
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(r.text()).isEqualTo("short");
    }

    @Test
    void anImageIsNotCompressedButSvgIs() {
        var client = serve(appWithRoutes());
        ClientResponse png = client.send(get("/png", "gzip"));
        assertThat(png.header("Content-Encoding")).isNull();
        assertThat(png.header("Vary")).isNull();
        assertThat(png.text()).isEqualTo(TEXT);
        ClientResponse svg = client.send(get("/svg", "gzip"));
        assertThat(svg.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(text(gunzip(svg.body()))).startsWith("<svg>");
    }

    @Test
    void noTransformIsRespected() {
        var client = serve(appWithRoutes());
        ClientResponse r = client.send(get("/no-transform", "gzip"));
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.text()).isEqualTo(TEXT);
    }

    @Test
    void aStrongEtagIsWeakenedOnACompressedBodyOnly() {
        var client = serve(appWithRoutes());
        assertThat(client.send(get("/etag", "gzip")).header("ETag")).isEqualTo("W/\"v1\"");
        assertThat(client.send(get("/etag", null)).header("ETag")).isEqualTo("\"v1\"");
    }

    @Test
    void theAppsOwnVaryIsKept() {
        var client = serve(appWithRoutes());
        ClientResponse r = client.send(get("/vary-cookie", "gzip"));
        assertThat(r.headers("Vary")).containsExactly("Cookie", "Accept-Encoding");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
    }

    @Test
    void a304HasNoBodyAndNoCoding() {
        var client = serve(appWithRoutes());
        ClientResponse r = client.send(get("/not-modified", "gzip"));
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.body()).isEmpty();
        assertThat(r.header("ETag")).isEqualTo("\"v1\"");
    }

    @Test
    void aHeadAnswerSaysWhatItsGetSays() {
        var client = serve(appWithRoutes());
        ClientResponse get = client.send(get("/users", "gzip"));
        ClientResponse head = client.send(ClientRequest.head("/users").header("Accept-Encoding", "gzip"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(head.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
    }

    @Test
    void aStreamedTextBodyIsCompressedAsItIsWritten() {
        var client = serve(appWithRoutes());
        ClientResponse r = client.send(get("/stream", "gzip"));
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(text(gunzip(r.body()))).isEqualTo(TEXT.repeat(20));
        ClientResponse sized = client.send(get("/sized-stream", "gzip"));
        assertThat(sized.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(text(gunzip(sized.body()))).isEqualTo(TEXT);
        ClientResponse plain = client.send(get("/sized-stream", null));
        assertThat(plain.header("Content-Length")).as("uncompressed, it keeps its length").isEqualTo(Integer.toString(TEXT.length()));
        assertThat(plain.text()).isEqualTo(TEXT);
    }

    @Test
    void aRouteOrAnAppCanTurnCompressionOff() {
        var client = serve(appWithRoutes());
        ClientResponse route = client.send(get("/opted-out", "gzip"));
        assertThat(route.header("Content-Encoding")).isNull();
        assertThat(route.header("Vary")).isNull();
        assertThat(route.text()).isEqualTo(TEXT);

        App off = newApp(c -> c.compression(false));
        off.get("/text", req -> Response.text(TEXT));
        ClientResponse app = serve(off).send(get("/text", "gzip"));
        assertThat(app.header("Content-Encoding")).isNull();
        assertThat(app.header("Vary")).isNull();
        assertThat(app.text()).isEqualTo(TEXT);
    }

    // ---- static files ----

    private Harness.Client serveFiles() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("public"));
        Files.writeString(root.resolve("big.css"), "body { color: #333; }\n".repeat(200));
        Files.writeString(root.resolve("pre.css"), "p { margin: 0; }\n".repeat(200));
        Files.write(root.resolve("pre.css.gz"), gzip(Files.readAllBytes(root.resolve("pre.css"))));
        App app = newApp();
        app.get("/static/{path:*}", StaticFiles.directory(root));
        return serve(app);
    }

    @Test
    void aPrecompressedStaticFileIsSentAsItIs() throws IOException {
        var client = serveFiles();
        byte[] onDisk = Files.readAllBytes(tmp.resolve("public/pre.css.gz"));
        ClientResponse r = client.send(get("/static/pre.css", "gzip"));
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.body()).as("not compressed twice").isEqualTo(onDisk);
        assertThat(r.headers("Vary")).containsExactly("Accept-Encoding");
        assertThat(r.header("ETag")).as("the variant's own strong tag").startsWith("\"");
    }

    @Test
    void aStaticTextFileIsCompressedAndItsWeakenedTagStillValidates() throws IOException {
        var client = serveFiles();
        ClientResponse r = client.send(get("/static/big.css", "gzip"));
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Accept-Ranges")).as("ranges apply to the identity body").isNull();
        String etag = r.header("ETag");
        assertThat(etag).startsWith("W/\"");
        assertThat(text(gunzip(r.body()))).isEqualTo("body { color: #333; }\n".repeat(200));
        ClientResponse again = client.send(get("/static/big.css", "gzip").header("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void aRangeIsServedFromTheIdentityBody() throws IOException {
        var client = serveFiles();
        ClientResponse r = client.send(get("/static/big.css", "gzip").header("Range", "bytes=0-9"));
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.text()).isEqualTo("body { col");
        assertThat(r.header("Content-Length")).isEqualTo("10");
    }
}
