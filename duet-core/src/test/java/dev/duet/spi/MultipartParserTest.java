package dev.duet.spi;

import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.UploadedFile;
import dev.duet.test.MultipartBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MultipartParser}: framing under any chunking, names, the memory threshold, limits and cleanup. */
class MultipartParserTest {
    @TempDir
    Path dir;

    private Config.Builder config() {
        return Config.builder().uploadDir(dir.toString()).uploadMemoryThreshold(1024);
    }

    private static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Feeds {@code body} in random chunks (1 byte to 3 KiB) and finishes. */
    private static MultipartForm parseChunked(Config c, String type, byte[] body, long seed) throws IOException {
        Random random = new Random(seed);
        MultipartParser parser = MultipartParser.start(c, type);
        for (int off = 0; off < body.length; ) {
            int n = Math.min(body.length - off, random.nextInt(1, random.nextBoolean() ? 8 : 3072));
            if (random.nextBoolean()) {
                parser.write(Arrays.copyOfRange(body, off, off + n), 0, n); // a fresh array: nothing may be kept
            } else {
                java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(n + 3).position(3); // as Netty hands them
                direct.put(body, off, n).flip().position(3);
                parser.write(direct);
                assertThat(direct.hasRemaining()).as("write(ByteBuffer) consumes it").isFalse();
            }
            off += n;
        }
        return parser.finish();
    }

    private long filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void everyChunkingGivesTheSameForm(long seed) throws IOException {
        byte[] big = pattern(50_000, 1);
        // content that starts like a delimiter but is not one must survive any split
        byte[] tricky = "a\r\n--duet-test\r\n--\r\n-".getBytes(StandardCharsets.ISO_8859_1);
        MultipartBody body = MultipartBody.create().field("title", "Hello\r\nworld").field("title", "again")
                .file("small", "s.txt", "text/plain", tricky).file("big", "b.bin", "application/octet-stream", big);
        MultipartForm form = parseChunked(config().build(), body.contentType(), body.bytes(), seed);
        assertThat(form.fields().get("title")).containsExactly("Hello\r\nworld", "again");
        UploadedFile small = form.files().get("small").getFirst();
        assertThat(small.bytes()).isEqualTo(tricky);
        assertThat(small.inMemory()).isTrue();
        UploadedFile b = form.files().get("big").getFirst();
        assertThat(b.inMemory()).isFalse();
        assertThat(b.size()).isEqualTo(big.length);
        assertThat(b.bytes()).isEqualTo(big);
        assertThat(b.fileName()).isEqualTo("b.bin");
        assertThat(filesInDir()).isEqualTo(1);
        form.delete();
        assertThat(filesInDir()).isZero();
    }

    @Test
    void aQuotedBoundaryAPreambleAndAnEpilogueAreRead() throws IOException {
        String body = "This is the preamble.\r\n--a:b=c\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--a:b=c--\r\nepilogue";
        MultipartForm form = MultipartParser.parse(config().build(), "multipart/form-data; boundary=\"a:b=c\"",
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(form.fields().get("x")).containsExactly("1");
    }

    @Test
    void fileNamesAreDecodedAndMadeSafeToShow() throws IOException {
        byte[] b = ("--B\r\nContent-Disposition: form-data; name=\"a\"; filename=\"na\u00efve caf\u00e9.txt\"\r\n\r\nx\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"b\"; filename=\"x.txt\"; filename*=UTF-8''%E2%82%AC%20rates.txt\r\n\r\ny\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"c\"; filename=\"C:\\Users\\me\\..\\evil\u202Etxt.exe\"\r\n\r\nz\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"d\"; filename=\"../../etc/passwd\"\r\n\r\nw\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"e\"; filename=\"say \\\"hi\\\".txt\"\r\n\r\nv\r\n"
                + "--B--").getBytes(StandardCharsets.UTF_8);
        MultipartForm form = MultipartParser.parse(config().build(), "multipart/form-data; boundary=B", b);
        assertThat(form.files().get("a").getFirst().fileName()).isEqualTo("na\u00efve caf\u00e9.txt");
        assertThat(form.files().get("b").getFirst().fileName()).isEqualTo("\u20ac rates.txt");
        assertThat(form.files().get("c").getFirst().fileName()).isEqualTo("eviltxt.exe");
        assertThat(form.files().get("d").getFirst().fileName()).isEqualTo("passwd");
        assertThat(form.files().get("e").getFirst().fileName()).isEqualTo("say \"hi\".txt");
    }

    @Test
    void anEmptyFileInputIsNoFileButAnEmptyFileIsOne() throws IOException {
        MultipartBody body = MultipartBody.create().file("none", "", "application/octet-stream", new byte[0])
                .file("empty", "empty.txt", "text/plain", new byte[0]);
        MultipartForm form = MultipartParser.parse(config().build(), body.contentType(), body.bytes());
        assertThat(form.files()).containsOnlyKeys("empty");
        assertThat(form.files().get("empty").getFirst().size()).isZero();
    }

    @Test
    void aBodyCutShortIs400AndLeavesNoFile() {
        MultipartBody body = MultipartBody.create().file("f", "f.bin", "application/octet-stream", pattern(10_000, 2));
        byte[] all = body.bytes();
        byte[] cut = Arrays.copyOf(all, all.length - 20);
        assertThatThrownBy(() -> MultipartParser.parse(config().build(), body.contentType(), cut))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("ends before the closing boundary");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void noBoundaryAndGarbageAre400() {
        assertThatThrownBy(() -> MultipartParser.start(config().build(), "multipart/form-data"))
                .hasMessageContaining("names no boundary");
        assertThatThrownBy(() -> MultipartParser.parse(config().build(), "multipart/form-data; boundary=B",
                "--Bxx\r\n".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("neither CRLF nor --");
        assertThatThrownBy(() -> MultipartParser.parse(config().build(), "multipart/form-data; boundary=B",
                "--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no Content-Disposition");
    }

    @Test
    void partHeadersOverMaxHeaderSizeAre400NamingTheKnob() {
        MultipartBody body = MultipartBody.create().part("Content-Disposition: form-data; name=\"x\"\r\nX-Pad: "
                + "p".repeat(2000) + "\r\n", new byte[1]);
        assertThatThrownBy(() -> parseChunked(config().maxHeaderSize(1024).build(), body.contentType(), body.bytes(), 3))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("(maxHeaderSize)");
    }

    @Test
    void limitsAre413NamingTheirKnobAndLeaveNoFile() {
        MultipartBody big = MultipartBody.create().file("f", "f.bin", "application/octet-stream", pattern(20_000, 4));
        assertThatThrownBy(() -> parseChunked(config().maxFileSize(10_000).build(), big.contentType(), big.bytes(), 5))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessageContaining("(maxFileSize)");
        assertThatThrownBy(() -> parseChunked(config().maxUploadSize(15_000).build(), big.contentType(), big.bytes(), 6))
                .hasMessageContaining("(maxUploadSize)");
        MultipartBody many = MultipartBody.create();
        for (int i = 0; i < 5; i++) many.field("f" + i, "v");
        assertThatThrownBy(() -> MultipartParser.parse(config().maxFormParts(4).build(), many.contentType(), many.bytes()))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessageContaining("(maxFormParts)");
        MultipartBody longField = MultipartBody.create().field("text", "x".repeat(5000));
        assertThatThrownBy(() -> MultipartParser.parse(config().maxBodySize(4000).build(), longField.contentType(), longField.bytes()))
                .hasMessageContaining("(maxBodySize)");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void smallFilesGoToDiskOnceTheMemoryBudgetIsSpent() throws IOException {
        MultipartBody body = MultipartBody.create();
        for (int i = 0; i < 6; i++) body.file("f", "f" + i, "application/octet-stream", pattern(1000, i));
        MultipartForm form = MultipartParser.parse(config().maxBodySize(3500).build(), body.contentType(), body.bytes());
        assertThat(form.files().get("f")).extracting(UploadedFile::inMemory).containsExactly(true, true, true, false, false, false);
        for (int i = 0; i < 6; i++) assertThat(form.files().get("f").get(i).bytes()).isEqualTo(pattern(1000, i));
        form.delete();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void moveToRenamesTheTempFileWhichIsThenNotDeleted(@TempDir Path elsewhere) throws IOException {
        byte[] content = pattern(5000, 7);
        MultipartBody body = MultipartBody.create().file("f", "f.bin", "application/octet-stream", content)
                .file("g", "g.txt", "text/plain", "small".getBytes(StandardCharsets.UTF_8));
        MultipartForm form = MultipartParser.parse(config().build(), body.contentType(), new ByteArrayInputStream(body.bytes()));
        Path target = elsewhere.resolve("kept.bin");
        form.files().get("f").getFirst().moveTo(target);
        form.files().get("g").getFirst().moveTo(elsewhere.resolve("g.txt"));
        form.delete();
        assertThat(target).hasBinaryContent(content);
        assertThat(elsewhere.resolve("g.txt")).hasContent("small");
        assertThat(form.files().get("f").getFirst().bytes()).isEqualTo(content); // read from where it went
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void bytesIsRefusedAboveMaxBodySize() throws IOException {
        MultipartBody body = MultipartBody.create().file("f", "f.bin", "application/octet-stream", pattern(5000, 8));
        MultipartForm form = MultipartParser.parse(config().maxBodySize(4096).build(), body.contentType(), body.bytes());
        assertThatThrownBy(() -> form.files().get("f").getFirst().bytes()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(maxBodySize)").hasMessageContaining("inputStream()");
        assertThat(form.files().get("f").getFirst().inputStream().readAllBytes()).isEqualTo(pattern(5000, 8));
        form.delete();
    }

    @Test
    void tempFilesHaveRandomNamesOfTheirOwnNeverTheClients() throws IOException {
        MultipartBody body = MultipartBody.create().file("f", "secret-plan.txt", "text/plain", pattern(5000, 10))
                .file("g", "secret-plan.txt", "text/plain", pattern(5000, 11));
        MultipartForm form = MultipartParser.parse(config().build(), body.contentType(), body.bytes());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).hasSize(2).allSatisfy(n -> assertThat(n).startsWith("duet-upload-").endsWith(".part")
                    .doesNotContain("secret").hasSizeGreaterThan("duet-upload-.part".length() + 8));
            assertThat(names.get(0)).isNotEqualTo(names.get(1));
        }
        form.delete();
    }

    @Test
    void abortDeletesWhatWasWritten() throws IOException {
        MultipartBody body = MultipartBody.create().file("f", "f.bin", "application/octet-stream", pattern(50_000, 9));
        byte[] all = body.bytes();
        MultipartParser parser = MultipartParser.start(config().build(), body.contentType());
        parser.write(all, 0, 30_000);
        assertThat(filesInDir()).isEqualTo(1);
        parser.abort();
        assertThat(dir).isEmptyDirectory();
    }
}
