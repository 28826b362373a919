package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Response;
import dev.duet.StaticFiles;
import dev.duet.spi.HttpDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StaticFiles} on every core: content types, validators and conditional requests, ranges,
 * precompressed variants, large files streamed with their length, class path roots in a jar, and
 * every spelling of a path that tries to leave the root. Targets that a client library might
 * normalise ({@code ..}, {@code %2e}) travel over a plain socket ({@link RawHttp}).
 */
public abstract class StaticFilesSuite extends ConformanceSuite {
    private static final String HELLO = "Hello, static world!\n";
    private static final String SECRET = "TOP SECRET: outside the root";
    private static final int LARGE = 5 * 1024 * 1024 + 17;
    private static final Instant MODIFIED = Instant.parse("2026-03-04T05:06:07Z");

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    byte[] large;
    byte[] cssGzip;
    byte[] cssBrotli;

    protected StaticFilesSuite(Harness harness) {
        super(harness);
    }

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(tmp.resolve("public"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        write("hello.txt", HELLO);
        write("index.html", "<!doctype html><h1>Hi</h1>");
        write("app.js", "console.log('hi');");
        write("data.json", "{\"a\":1}");
        write("logo.png", "\u0089PNG fake");
        write("drawing.svg", "<svg/>");
        write("font.woff2", "wOF2");
        write("notes.xyz", "unknown kind");
        write("README", "no extension");
        write("empty.txt", "");
        write(".env", "PASSWORD=" + SECRET);
        write(".well-known/security.txt", "Contact: mailto:security@example.com");
        write("css/app.css", "body { color: #333; }\n".repeat(40));
        cssGzip = gzip(Files.readAllBytes(root.resolve("css/app.css")));
        Files.write(root.resolve("css/app.css.gz"), cssGzip);
        // Not real Brotli (the JDK has no encoder): the server never decodes what it sends, only labels it.
        cssBrotli = "brotli stand-in bytes".getBytes(StandardCharsets.US_ASCII);
        Files.write(root.resolve("css/app.css.br"), cssBrotli);
        write("css/only-gzip.css", "a { }\n".repeat(30));
        Files.write(root.resolve("css/only-gzip.css.gz"), gzip(Files.readAllBytes(root.resolve("css/only-gzip.css"))));
        Files.createDirectories(root.resolve("sub/deeper"));
        large = new byte[LARGE];
        new Random(42).nextBytes(large);
        Files.write(root.resolve("large.bin"), large);
        Files.createSymbolicLink(root.resolve("link-out.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("linkdir"), outside);
        Files.createSymbolicLink(root.resolve("link-in.txt"), root.resolve("hello.txt"));
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (!Files.isSymbolicLink(p)) Files.setLastModifiedTime(p, FileTime.from(MODIFIED));
            }
        }
    }

    private void write(String name, String text) throws IOException {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private Harness.Client serveDir(StaticFiles files) {
        App app = newApp();
        app.get("/static/{file:*}", files);
        return serve(app);
    }

    private Harness.Client serveDir() {
        return serveDir(StaticFiles.directory(root));
    }

    /** Sends {@code request} as it is written: over a plain socket when there is a wire. */
    private ClientResponse raw(Harness.Client client, ClientRequest request) {
        return harness.overHttp() ? RawHttp.send(client.app().port(), request) : client.send(request);
    }

    private static ClientRequest get(String uri) {
        return ClientRequest.get(uri);
    }

    // ---- what a file is sent with ----

    @Test
    void aFileComesWithItsTypeLengthValidatorsAndCachePolicy() throws IOException {
        Harness.Client client = serveDir();
        ClientResponse r = client.get("/static/hello.txt");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo(HELLO);
        assertThat(r.header("Content-Type")).isEqualTo(contentType("text/plain; charset=utf-8"));
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(HELLO.length()));
        assertThat(r.header("ETag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(r.header("Last-Modified")).isEqualTo("Wed, 04 Mar 2026 05:06:07 GMT");
        assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(r.header("Vary")).as("no precompressed variant: nothing to vary on").isNull();
        assertThat(r.header("Content-Encoding")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "index.html=text/html; charset=utf-8",
            "css/app.css=text/css; charset=utf-8",
            "app.js=text/javascript; charset=utf-8",
            "data.json=application/json",
            "logo.png=image/png",
            "drawing.svg=image/svg+xml",
            "font.woff2=font/woff2",
            "notes.xyz=application/octet-stream",
            "README=application/octet-stream"})
    void theContentTypeFollowsTheExtension(String fileAndType) {
        String[] parts = fileAndType.split("=", 2);
        Harness.Client client = serveDir();
        ClientResponse r = client.get("/static/" + parts[0]);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo(contentType(parts[1]));
    }

    @Test
    void anAppMayAddOrReplaceAContentType() {
        Harness.Client client = serveDir(StaticFiles.directory(root).contentType(".XYZ", "application/x-example"));
        assertThat(client.get("/static/notes.xyz").header("Content-Type")).isEqualTo("application/x-example");
        assertThat(client.get("/static/hello.txt").header("Content-Type")).isEqualTo(contentType("text/plain; charset=utf-8"));
    }

    @Test
    void theCachePolicyIsConfigurableAndCanBeLeftOut() {
        Harness.Client client = serveDir(StaticFiles.directory(root).cacheControl("public, max-age=31536000, immutable"));
        assertThat(client.get("/static/hello.txt").header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        Harness.Client none = serveDir(StaticFiles.directory(root).cacheControl(null));
        assertThat(none.get("/static/hello.txt").header("Cache-Control")).isNull();
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() {
        Harness.Client client = serveDir();
        ClientResponse get = client.get("/static/large.bin");
        ClientResponse head = client.send(ClientRequest.head("/static/large.bin"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String h : new String[] {"Content-Type", "ETag", "Last-Modified", "Accept-Ranges", "Cache-Control"}) {
            assertThat(head.header(h)).as(h).isEqualTo(get.header(h));
        }
        assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(LARGE));
        ClientResponse small = client.send(ClientRequest.head("/static/hello.txt"));
        assertThat(small.header("Content-Length")).isEqualTo(Integer.toString(HELLO.length()));
        assertThat(small.body()).isEmpty();
    }

    @Test
    void aSymbolicLinkWithinTheRootIsServed() {
        Harness.Client client = serveDir();
        ClientResponse r = client.get("/static/link-in.txt");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo(HELLO);
    }

    @Test
    void anEmptyFileIsAnEmpty200() {
        Harness.Client client = serveDir();
        ClientResponse r = client.get("/static/empty.txt");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("Content-Length")).isEqualTo("0");
    }

    // ---- large files ----

    @Test
    void aLargeFileArrivesWholeWithItsLengthNotChunked() {
        Harness.Client client = serveDir();
        ClientResponse r = client.get("/static/large.bin");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(LARGE));
        assertThat(r.header("Transfer-Encoding")).as("a known length is not chunked").isNull();
        assertThat(r.body().length).isEqualTo(LARGE);
        assertThat(Arrays.equals(r.body(), large)).as("the same bytes").isTrue();
    }

    @Test
    void aRangeOfALargeFileIsThoseBytes() {
        Harness.Client client = serveDir();
        int first = 3 * 1024 * 1024 + 5;
        int last = first + 1024 * 1024;
        ClientResponse r = client.send(get("/static/large.bin").header("Range", "bytes=" + first + "-" + last));
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + LARGE);
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(last - first + 1));
        assertThat(Arrays.equals(r.body(), Arrays.copyOfRange(large, first, last + 1))).isTrue();
    }

    @Test
    void aSizedStreamIsSentWithItsLengthAndAnHttp10ConnectionStaysUsable() throws IOException {
        App app = newApp();
        app.get("/sized", req -> Response.stream("text/plain", 11, out -> {
            out.write("hello ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write("world".getBytes(StandardCharsets.US_ASCII));
        }));
        Harness.Client client = serve(app);
        ClientResponse r = client.get("/sized");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("hello world");
        assertThat(r.header("Content-Length")).isEqualTo("11");
        assertThat(r.header("Transfer-Encoding")).isNull();
        ClientResponse head = client.send(ClientRequest.head("/sized"));
        assertThat(head.header("Content-Length")).isEqualTo("11");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aLargeFileKeepsAnHttp10KeepAliveConnectionOpen() throws IOException {
        assumeOverHttp();
        assumeCapable(Harness.Capability.HTTP_1_0_IN_KIND);
        Harness.Client client = serveDir();
        try (RawClient c = new RawClient(client.app().port())) {
            for (String path : new String[] {"/static/large.bin", "/static/hello.txt", "/static/large.bin"}) {
                c.send("GET " + path + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                RawClient.Res r = c.read();
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.chunked()).isFalse();
                assertThat(r.header("Connection")).as(path + ": kept open, its length being known").isEqualToIgnoringCase("keep-alive");
                assertThat(r.body().length).isEqualTo(path.endsWith("large.bin") ? LARGE : HELLO.length());
            }
        }
    }

    @Test
    void aSizedStreamThatWritesTooLittleOrTooMuchIsCutOffNotPadded() throws Exception {
        assumeOverHttp();
        assumeCapable(Harness.Capability.MARKS_A_FAILED_STREAM_INCOMPLETE);
        App app = newApp();
        app.get("/short", req -> Response.stream("text/plain", 100, out -> out.write(new byte[10])));
        app.get("/long", req -> Response.stream("text/plain", 5, out -> out.write(new byte[10])));
        Harness.Client client = serve(app);
        for (String path : new String[] {"/short", "/long"}) {
            try (RawClient c = new RawClient(client.app().port())) {
                c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                String status = c.line();
                if (status.startsWith("HTTP/1.1 500")) continue; // a core that had sent nothing yet may still answer 500
                assertThat(status).startsWith("HTTP/1.1 200");
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                c.in().transferTo(rest); // ends only when the server closes the connection
                String text = rest.toString(StandardCharsets.ISO_8859_1);
                int bodyStart = text.indexOf("\r\n\r\n") + 4;
                assertThat(text.toLowerCase(java.util.Locale.ROOT))
                        .contains(path.equals("/short") ? "content-length: 100" : "content-length: 5");
                assertThat(text.length() - bodyStart).as(path + ": fewer bytes than announced, then the close")
                        .isLessThan(path.equals("/short") ? 100 : 6);
            }
        }
    }

    // ---- conditional requests ----

    @Test
    void ifNoneMatchWithTheTagIsA304WithoutABody() {
        Harness.Client client = serveDir();
        String etag = client.get("/static/hello.txt").header("ETag");
        for (String header : new String[] {etag, "\"nope\", " + etag, "W/" + etag, "*", "\"a\",W/" + etag + " ,\"b\""}) {
            ClientResponse r = client.send(get("/static/hello.txt").header("If-None-Match", header));
            assertThat(r.status()).as(header).isEqualTo(304);
            assertThat(r.body()).as(header).isEmpty();
            assertThat(r.header("ETag")).isEqualTo(etag);
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(r.header("Content-Length")).isNull();
        }
        for (String header : new String[] {"\"nope\"", "W/\"nope\"", etag.replace("\"", ""), "\"" + etag}) {
            ClientResponse r = client.send(get("/static/hello.txt").header("If-None-Match", header));
            assertThat(r.status()).as(header).isEqualTo(200);
            assertThat(r.text()).isEqualTo(HELLO);
        }
        ClientResponse head = client.send(ClientRequest.head("/static/hello.txt").header("If-None-Match", etag));
        assertThat(head.status()).isEqualTo(304);
    }

    @Test
    void ifModifiedSinceIsA304UnlessTheFileIsNewer() {
        Harness.Client client = serveDir();
        String lastModified = HttpDate.format(MODIFIED);
        assertThat(client.send(get("/static/hello.txt").header("If-Modified-Since", lastModified)).status()).isEqualTo(304);
        assertThat(client.send(get("/static/hello.txt").header("If-Modified-Since",
                HttpDate.format(MODIFIED.plus(1, ChronoUnit.DAYS)))).status()).isEqualTo(304);
        assertThat(client.send(get("/static/hello.txt").header("If-Modified-Since", "Wednesday, 04-Mar-26 05:06:07 GMT"))
                .status()).as("the RFC 850 spelling").isEqualTo(304);
        assertThat(client.send(get("/static/hello.txt").header("If-Modified-Since", "Wed Mar  4 05:06:07 2026"))
                .status()).as("the asctime spelling").isEqualTo(304);
        ClientResponse older = client.send(get("/static/hello.txt").header("If-Modified-Since",
                HttpDate.format(MODIFIED.minusSeconds(1))));
        assertThat(older.status()).isEqualTo(200);
        assertThat(older.text()).isEqualTo(HELLO);
        assertThat(client.send(get("/static/hello.txt").header("If-Modified-Since", "yesterday")).status())
                .as("an invalid date is ignored").isEqualTo(200);
        assertThat(client.send(get("/static/hello.txt").header("If-Modified-Since", lastModified)
                .header("If-None-Match", "\"other\"")).status()).as("If-None-Match wins over If-Modified-Since").isEqualTo(200);
    }

    @Test
    void theTagChangesWhenTheFileChanges() throws IOException {
        Harness.Client client = serveDir();
        ClientResponse before = client.get("/static/hello.txt");
        Files.writeString(root.resolve("hello.txt"), "Changed!\n");
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(MODIFIED.plusSeconds(60)));
        ClientResponse after = client.send(get("/static/hello.txt").header("If-None-Match", before.header("ETag")));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.text()).isEqualTo("Changed!\n");
        assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
        assertThat(after.header("Last-Modified")).isEqualTo(HttpDate.format(MODIFIED.plusSeconds(60)));
        assertThat(client.send(get("/static/hello.txt").header("If-None-Match", after.header("ETag"))).status()).isEqualTo(304);
    }

    @Test
    void ifMatchAndIfUnmodifiedSinceThatFailAre412() {
        Harness.Client client = serveDir();
        String etag = client.get("/static/hello.txt").header("ETag");
        assertThat(client.send(get("/static/hello.txt").header("If-Match", etag)).status()).isEqualTo(200);
        assertThat(client.send(get("/static/hello.txt").header("If-Match", "*")).status()).isEqualTo(200);
        ClientResponse weak = client.send(get("/static/hello.txt").header("If-Match", "W/" + etag));
        assertThat(weak.status()).as("If-Match compares strongly").isEqualTo(412);
        assertThat(weak.text()).contains("If-Match");
        assertThat(client.send(get("/static/hello.txt").header("If-Match", "\"other\"")).status()).isEqualTo(412);
        assertThat(client.send(get("/static/hello.txt").header("If-Unmodified-Since", HttpDate.format(MODIFIED))).status())
                .isEqualTo(200);
        ClientResponse changed = client.send(get("/static/hello.txt")
                .header("If-Unmodified-Since", HttpDate.format(MODIFIED.minusSeconds(10))));
        assertThat(changed.status()).isEqualTo(412);
        assertThat(changed.text()).contains("If-Unmodified-Since");
    }

    // ---- ranges ----

    @Test
    void oneRangeIsA206WithItsContentRange() {
        Harness.Client client = serveDir();
        int len = HELLO.length();
        record Case(String range, int first, int last) {
        }
        for (Case c : new Case[] {
                new Case("bytes=0-4", 0, 4),
                new Case("bytes=7-", 7, len - 1),             // open
                new Case("bytes=-7", len - 7, len - 1),       // suffix
                new Case("bytes=-1000", 0, len - 1),          // a suffix longer than the file: all of it
                new Case("bytes=3-1000", 3, len - 1),         // past the end: clipped
                new Case("BYTES = 2-2", 2, 2),                // unit case and spaces
                new Case("bytes=1-3,", 1, 3)}) {              // an empty list element
            ClientResponse r = client.send(get("/static/hello.txt").header("Range", c.range));
            assertThat(r.status()).as(c.range).isEqualTo(206);
            assertThat(r.header("Content-Range")).as(c.range).isEqualTo("bytes " + c.first + "-" + c.last + "/" + len);
            assertThat(r.text()).as(c.range).isEqualTo(HELLO.substring(c.first, c.last + 1));
            assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(c.last - c.first + 1));
            assertThat(r.header("Content-Type")).isEqualTo(contentType("text/plain; charset=utf-8"));
            assertThat(r.header("ETag")).isNotNull();
        }
    }

    @Test
    void aRangeBeyondTheFileIsA416NamingTheLength() {
        Harness.Client client = serveDir();
        int len = HELLO.length();
        for (String range : new String[] {"bytes=" + len + "-", "bytes=1000-2000", "bytes=-0", "bytes=500-,900-"}) {
            ClientResponse r = client.send(get("/static/hello.txt").header("Range", range));
            assertThat(r.status()).as(range).isEqualTo(416);
            assertThat(r.header("Content-Range")).as(range).isEqualTo("bytes */" + len);
            assertThat(r.text()).as(range).contains("Range not satisfiable").contains(Integer.toString(len));
        }
        ClientResponse empty = client.send(get("/static/empty.txt").header("Range", "bytes=0-"));
        assertThat(empty.status()).isEqualTo(416);
        assertThat(empty.header("Content-Range")).isEqualTo("bytes */0");
    }

    @Test
    void severalRangesOrAnUnreadableRangeGetTheWholeFile() {
        Harness.Client client = serveDir();
        for (String range : new String[] {"bytes=0-1,4-5", "bytes=abc", "bytes=5-2", "items=0-3", "bytes=1-2-3", "0-3",
                "bytes=", "bytes=--1", "bytes=+1-2"}) {
            ClientResponse r = client.send(get("/static/hello.txt").header("Range", range));
            assertThat(r.status()).as(range).isEqualTo(200);
            assertThat(r.text()).as(range).isEqualTo(HELLO);
            assertThat(r.header("Content-Range")).as(range).isNull();
        }
    }

    @Test
    void ifRangeServesThePartOnlyForTheSameVersion() {
        Harness.Client client = serveDir();
        String etag = client.get("/static/hello.txt").header("ETag");
        ClientRequest part = get("/static/hello.txt").header("Range", "bytes=0-4");
        assertThat(client.send(part.header("If-Range", etag)).status()).isEqualTo(206);
        ClientRequest other = get("/static/hello.txt").header("Range", "bytes=0-4").header("If-Range", "\"older\"");
        ClientResponse whole = client.send(other);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.text()).isEqualTo(HELLO);
        assertThat(client.send(get("/static/hello.txt").header("Range", "bytes=0-4").header("If-Range", "W/" + etag))
                .status()).as("a weak tag never matches If-Range").isEqualTo(200);
        assertThat(client.send(get("/static/hello.txt").header("Range", "bytes=0-4")
                .header("If-Range", HttpDate.format(MODIFIED))).status()).isEqualTo(206);
        assertThat(client.send(get("/static/hello.txt").header("Range", "bytes=0-4")
                .header("If-Range", HttpDate.format(MODIFIED.minusSeconds(1)))).status()).isEqualTo(200);
    }

    @Test
    void headIgnoresRange() {
        Harness.Client client = serveDir();
        ClientResponse r = client.send(ClientRequest.head("/static/hello.txt").header("Range", "bytes=0-4"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(HELLO.length()));
    }

    // ---- precompressed variants ----

    @Test
    void thePrecompressedVariantTheClientPrefersIsServed() throws IOException {
        Harness.Client client = serveDir();
        byte[] css = Files.readAllBytes(root.resolve("css/app.css"));
        record Case(String acceptEncoding, String coding) {
        }
        for (Case c : new Case[] {
                new Case("gzip", "gzip"),
                new Case("gzip, deflate, br", "br"),
                new Case("br;q=0.5, gzip", "gzip"),
                new Case("br;q=0, gzip;q=0.1", "gzip"),
                new Case("x-gzip", "gzip"),
                new Case("*", "br"),
                new Case("gzip;q=0.5, *;q=0.9", "br"),
                new Case("deflate", null),
                new Case("identity", null),
                new Case("br;q=0.5, identity", null),
                new Case("gzip;q=0, br;q=0", null),
                new Case("*;q=0", null),                       // nothing acceptable: the file itself (documented)
                new Case("gzip;q=2", null),                    // a malformed q-value counts as 0
                new Case(null, null)}) {
            ClientRequest req = get("/static/css/app.css");
            if (c.acceptEncoding != null) req.header("Accept-Encoding", c.acceptEncoding);
            ClientResponse r = client.send(req);
            assertThat(r.status()).as(c.acceptEncoding).isEqualTo(200);
            assertThat(r.header("Content-Encoding")).as(c.acceptEncoding).isEqualTo(c.coding);
            assertThat(r.header("Vary")).as(c.acceptEncoding).isEqualTo("Accept-Encoding");
            assertThat(r.header("Content-Type")).as(c.acceptEncoding).isEqualTo(contentType("text/css; charset=utf-8"));
            byte[] expected = c.coding == null ? css : c.coding.equals("br") ? cssBrotli : cssGzip;
            assertThat(Arrays.equals(r.body(), expected)).as(c.acceptEncoding + ": the " + c.coding + " bytes").isTrue();
            assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(expected.length));
        }
        ClientResponse onlyGzip = client.send(get("/static/css/only-gzip.css").header("Accept-Encoding", "br, gzip"));
        assertThat(onlyGzip.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(onlyGzip.header("Vary")).isEqualTo("Accept-Encoding");
    }

    @Test
    void eachEncodingHasItsOwnTagAndRevalidatesOnIt() {
        Harness.Client client = serveDir();
        String identity = client.get("/static/css/app.css").header("ETag");
        String gz = client.send(get("/static/css/app.css").header("Accept-Encoding", "gzip")).header("ETag");
        String br = client.send(get("/static/css/app.css").header("Accept-Encoding", "br")).header("ETag");
        assertThat(java.util.Set.of(identity, gz, br)).hasSize(3);
        ClientResponse r = client.send(get("/static/css/app.css").header("Accept-Encoding", "gzip").header("If-None-Match", gz));
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(client.send(get("/static/css/app.css").header("Accept-Encoding", "br").header("If-None-Match", gz))
                .status()).as("the gzip tag does not validate the br variant").isEqualTo(200);
    }

    @Test
    void aRangeOfAPrecompressedVariantIsARangeOfItsBytes() {
        Harness.Client client = serveDir();
        ClientResponse r = client.send(get("/static/css/app.css").header("Accept-Encoding", "gzip").header("Range", "bytes=0-9"));
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Content-Range")).isEqualTo("bytes 0-9/" + cssGzip.length);
        assertThat(r.body()).isEqualTo(Arrays.copyOf(cssGzip, 10));
    }

    @Test
    void precompressedVariantsCanBeTurnedOff() throws IOException {
        Harness.Client client = serveDir(StaticFiles.directory(root).precompressed(false));
        ClientResponse r = client.send(get("/static/css/app.css").header("Accept-Encoding", "br, gzip"));
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.header("Vary")).isNull();
        assertThat(r.body()).isEqualTo(Files.readAllBytes(root.resolve("css/app.css")));
    }

    // ---- what is not served ----

    @ParameterizedTest
    @ValueSource(strings = {"/static/", "/static", "/static/css", "/static/css/", "/static/sub/deeper", "/static/missing.txt",
            "/static/css/missing.css", "/static/hello.txt/", "/static/hello.txt/more"})
    void foldersAndMissingFilesAre404WithoutAListing(String path) {
        Harness.Client client = serveDir();
        ClientResponse r = client.get(path);
        assertThat(r.status()).as(path).isEqualTo(404);
        assertThat(r.text()).doesNotContain("app.css").doesNotContain("large.bin").doesNotContain(HELLO);
    }

    @Test
    void hiddenFilesAreNotServedUnlessAsked() {
        Harness.Client client = serveDir();
        assertThat(client.get("/static/.env").status()).isEqualTo(404);
        assertThat(client.get("/static/.well-known/security.txt").status()).isEqualTo(404);
        assertThat(client.get("/static/.env").text()).doesNotContain(SECRET);
        Harness.Client hidden = serveDir(StaticFiles.directory(root).hiddenFiles(true));
        assertThat(hidden.get("/static/.well-known/security.txt").text()).startsWith("Contact:");
        assertThat(hidden.get("/static/.env").status()).isEqualTo(200);
    }

    @Test
    void onlyGetAndHeadAreAnswered() {
        Harness.Client client = serveDir();
        ClientResponse post = client.send(ClientRequest.post("/static/hello.txt").body("x", "text/plain"));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).contains("GET").contains("HEAD");
        assertThat(client.send(ClientRequest.delete("/static/hello.txt")).status()).isEqualTo(405);
    }

    /** Every spelling of a way out of the root, sent exactly as written. */
    @ParameterizedTest
    @ValueSource(strings = {
            "/static/../outside/secret.txt",
            "/static/css/../../outside/secret.txt",
            "/static/%2e%2e/outside/secret.txt",
            "/static/%2E%2E/outside/secret.txt",
            "/static/.%2e/outside/secret.txt",
            "/static/..%2foutside%2fsecret.txt",
            "/static/%2e%2e%2foutside%2fsecret.txt",
            "/static/css/..%2f..%2foutside%2fsecret.txt",
            "/static/..%5coutside%5csecret.txt",
            "/static/%5c..%5coutside%5csecret.txt",
            "/static/..\\outside\\secret.txt",
            "/static/hello.txt%00",
            "/static/hello.txt%00.png",
            "/static/%00/hello.txt",
            "/static/%c0%ae%c0%ae/outside/secret.txt",
            "/static/%c0%ae%c0%ae%c0%afoutside%c0%afsecret.txt",
            "/static/%e0%80%ae%e0%80%ae/outside/secret.txt",
            "/static//etc/passwd",
            "/static/%2fetc%2fpasswd",
            "/static/%2f%2e%2e%2foutside/secret.txt",
            "/static/C:%5cWindows%5cwin.ini",
            "/static/css%2fapp.css",
            "/static/./hello.txt",
            "/static/%2e/hello.txt",
            "/static/link-out.txt",
            "/static/linkdir/secret.txt",
            "/static/hello.txt%0d%0aX-Injected:%20yes"})
    void noPathLeavesTheRoot(String target) {
        Harness.Client client = serveDir(StaticFiles.directory(root).hiddenFiles(true));
        ClientResponse r = raw(client, get(target));
        if (r.status() == 400 && r.header("X-Request-Id") != null) {
            // Duet's own 400: the path decodes to bytes that are not UTF-8 (an overlong '.' or '/')
            assertThat(r.text()).as(target).contains("Invalid UTF-8 in the request path");
        } else if (r.status() == 400) {
            // Refused by the core's own parser before Duet saw it: Duet itself answers 404 to all of
            // these. A core that leaves malformed targets to Duet refuses only a NUL byte itself
            // (Jetty's parser); one that does not (Tomcat, the JDK's server) refuses more.
            assertThat(r.header("X-Request-Id")).as(target + ": a 400 only from the core itself").isNull();
            if (harness.lacks(Harness.Capability.DUET_ANSWERS_MALFORMED_REQUESTS) == null) {
                assertThat(target).as("refused by the core itself").contains("%00");
            }
        } else {
            assertThat(r.status()).as(target).isEqualTo(404);
        }
        assertThat(r.text()).as(target).doesNotContain(SECRET).doesNotContain("root:");
        assertThat(r.header("X-Injected")).isNull();
    }

    @Test
    void anAbsoluteFormTargetNamesTheSameFile() throws IOException {
        assumeOverHttp(); // the test clients take origin-form targets only
        Harness.Client client = serveDir();
        for (String target : new String[] {"http://127.0.0.1/static/css/app.css", "http://127.0.0.1/static/../outside/secret.txt"}) {
            try (RawClient c = new RawClient(client.app().port())) {
                c.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                RawClient.Res r = c.read();
                if (target.endsWith("secret.txt")) {
                    assertThat(r.status()).as(target).isEqualTo(404);
                    assertThat(r.text()).doesNotContain(SECRET);
                } else {
                    assertThat(r.status()).as(target).isEqualTo(200);
                    assertThat(r.header("Content-Type")).isEqualTo(contentType("text/css; charset=utf-8"));
                }
            }
        }
    }

    @Test
    void aMalformedPercentEncodingIsTheRoutersPrecise400() {
        assumeCapable(Harness.Capability.DUET_ANSWERS_MALFORMED_REQUESTS);
        Harness.Client client = serveDir();
        ClientResponse r = raw(client, get("/static/%zz.txt"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("Malformed request target");
    }

    @Test
    void aRouteWithoutACatchAllIsAClear500() {
        App app = newApp();
        app.get("/favicon.ico", StaticFiles.directory(root));
        Harness.Client client = serve(app);
        ClientResponse r = client.get("/favicon.ico");
        assertThat(r.status()).isEqualTo(500);
    }

    @Test
    void aGroupPrefixAndParametersBeforeTheCatchAllAreSkipped() {
        App app = newApp();
        app.group("/v/{version}", g -> g.get("/assets/{file:*}", StaticFiles.directory(root)));
        Harness.Client client = serve(app);
        ClientResponse r = client.get("/v/3/assets/css/app.css");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo(contentType("text/css; charset=utf-8"));
    }

    // ---- the class path ----

    @Test
    void aClassPathRootInsideAJarIsServed() throws Exception {
        Path jar = tmp.resolve("site.jar");
        byte[] js = "export const x = 1;\n".repeat(3000).getBytes(StandardCharsets.UTF_8); // over the in-memory size
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "web/", null);
            entry(out, "web/app.js", js);
            entry(out, "web/app.js.gz", gzip(js));
            entry(out, "web/css/", null);
            entry(out, "web/css/site.css", "p{}".getBytes(StandardCharsets.UTF_8));
            entry(out, "web/.secret", SECRET.getBytes(StandardCharsets.UTF_8));
            entry(out, "secret.txt", SECRET.getBytes(StandardCharsets.UTF_8));
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            App app = newApp();
            app.get("/static/{file:*}", StaticFiles.classpath("web", loader));
            Harness.Client client = serve(app);
            ClientResponse r = client.get("/static/app.js");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(js);
            assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(js.length));
            assertThat(r.header("Content-Type")).isEqualTo(contentType("text/javascript; charset=utf-8"));
            String etag = r.header("ETag");
            assertThat(etag).matches("\"[0-9a-f]+-[0-9a-f]+\"");
            assertThat(r.header("Last-Modified")).isNotNull();
            assertThat(client.send(get("/static/app.js").header("If-None-Match", etag)).status()).isEqualTo(304);
            ClientResponse part = client.send(get("/static/app.js").header("Range", "bytes=10-19"));
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(js, 10, 20));
            ClientResponse gz = client.send(get("/static/app.js").header("Accept-Encoding", "gzip"));
            assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(gz.body()).isEqualTo(gzip(js));
            assertThat(client.get("/static/css/site.css").text()).isEqualTo("p{}");
            for (String missing : new String[] {"/static/css", "/static/css/", "/static/", "/static/nope.js", "/static/.secret"}) {
                assertThat(client.get(missing).status()).as(missing).isEqualTo(404);
            }
            for (String out : new String[] {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/..%2fsecret.txt"}) {
                ClientResponse refused = raw(client, get(out));
                assertThat(refused.status()).as(out).isEqualTo(404);
                assertThat(refused.text()).doesNotContain(SECRET);
            }
        }
    }

    /** A loader that counts the resources it is asked for. */
    static final class CountingLoader extends URLClassLoader {
        final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();

        CountingLoader(URL url) {
            super(new URL[] {url}, null);
        }

        @Override
        public URL getResource(String name) {
            lookups.incrementAndGet();
            return super.getResource(name);
        }
    }

    @Test
    void manyConcurrentRequestsForAJarResourceAllGetItsBytes() throws Exception {
        Path jar = tmp.resolve("tour.jar");
        byte[] css = "body { font: 16px/1.5 sans-serif; }\n".repeat(500).getBytes(StandardCharsets.UTF_8);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "static/tour.css", css);
        }
        try (CountingLoader loader = new CountingLoader(jar.toUri().toURL())) {
            App app = newApp();
            app.get("/static/{file:*}", StaticFiles.classpath("static", loader));
            Harness.Client client = serve(app);
            List<java.util.concurrent.CompletableFuture<ClientResponse>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) all.add(client.sendAsync(get("/static/tour.css")));
            String etag = null;
            for (var f : all) {
                ClientResponse r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(css);
                if (etag == null) etag = r.header("ETag");
                assertThat(r.header("ETag")).isEqualTo(etag);
            }
            // Looked up once each: the file and its .br and .gz siblings, however many asked at once.
            assertThat(loader.lookups.get()).isEqualTo(3);
            ClientResponse part = client.send(get("/static/tour.css").header("Range", "bytes=5-9"));
            assertThat(part.status()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(css, 5, 10));
            assertThat(client.send(get("/static/tour.css").header("If-None-Match", etag)).status()).isEqualTo(304);
            assertThat(loader.lookups.get()).isEqualTo(3);
        }
    }

    @Test
    void inDevModeAnEditedClassPathFileShowsAtOnceAndOutsideItIsReadOnce() throws Exception {
        try (CountingLoader loader = new CountingLoader(tmp.toUri().toURL())) {
            App dev = newApp(b -> b.dev(true));
            dev.get("/static/{file:*}", StaticFiles.classpath("public", loader));
            App prod = newApp();
            prod.get("/static/{file:*}", StaticFiles.classpath("public", loader).memoryCache(1024, 4096));
            Harness.Client devClient = serve(dev);
            Harness.Client prodClient = serve(prod);
            assertThat(devClient.get("/static/hello.txt").text()).isEqualTo(HELLO);
            assertThat(prodClient.get("/static/hello.txt").text()).isEqualTo(HELLO);
            Files.writeString(root.resolve("hello.txt"), "edited\n");
            assertThat(devClient.get("/static/hello.txt").text()).as("dev mode").isEqualTo("edited\n");
            assertThat(prodClient.get("/static/hello.txt").text()).as("production keeps what it read").isEqualTo(HELLO);
            // Over memoryCache's per-file limit: streamed from the class path each time, whole.
            assertThat(prodClient.get("/static/large.bin").body()).isEqualTo(large);
        }
    }

    @Test
    void memoryCacheLimitsMustNotBeNegative() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StaticFiles.classpath("static").memoryCache(-1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or more");
    }

    @Test
    void aClassPathRootInADirectoryIsServedWithinIt() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
            App app = newApp();
            app.get("/static/{file:*}", StaticFiles.classpath("/public/", loader));
            Harness.Client client = serve(app);
            assertThat(client.get("/static/hello.txt").text()).isEqualTo(HELLO);
            assertThat(client.get("/static/large.bin").body().length).isEqualTo(LARGE);
            assertThat(client.get("/static/css").status()).isEqualTo(404);
            assertThat(client.get("/static/link-in.txt").status()).isEqualTo(200);
            assertThat(raw(client, get("/static/link-out.txt")).status()).as("a link out of the class path folder").isEqualTo(404);
            assertThat(raw(client, get("/static/../outside/secret.txt")).status()).isEqualTo(404);
        }
    }

    @Test
    void theWholeClassPathOrAFolderOutsideItIsNoRoot() {
        for (String root : new String[] {"", "/", " / ", "../static", "static/../..", ".secret"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> StaticFiles.classpath(root))
                    .as("'%s'", root).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(StaticFiles.classpath("META-INF/resources").toString()).contains("META-INF/resources");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StaticFiles.directory(tmp.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StaticFiles.directory(root.resolve("hello.txt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a directory");
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        if (bytes != null) out.write(bytes);
        out.closeEntry();
    }
}
