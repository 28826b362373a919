package dev.duet.brotli;

import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import dev.duet.App;
import dev.duet.Response;
import dev.duet.conformance.ClientRequest;
import dev.duet.conformance.ClientResponse;
import dev.duet.conformance.ConformanceSuite;
import dev.duet.conformance.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With duet-brotli on the class path, br joins gzip: chosen when the client likes it at least as
 * much, decoded by Brotli itself to the very body, for whole bodies, large ones from async
 * handlers (compressed off the event loop) and streams. duet-core's CompressionSuite holds the
 * rest (what is never compressed) on every core.
 */
abstract class BrotliSuite extends ConformanceSuite {
    static final String TEXT = "Brotli keeps a dictionary of common web words; gzip does not.\n".repeat(200);

    BrotliSuite(Harness harness) {
        super(harness);
    }

    static String unbrotli(byte[] bytes) {
        try {
            var result = Decoder.decompress(bytes);
            assertThat(result.getResultStatus()).isEqualTo(DecoderJNI.Status.DONE);
            return new String(result.getDecompressedData(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String gunzip(byte[] bytes) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Harness.Client client() {
        App app = newApp();
        app.get("/text", req -> Response.text(TEXT));
        app.getAsync("/large-async", req -> CompletableFuture.completedFuture(Response.text(TEXT.repeat(10))));
        app.get("/stream", req -> Response.stream("text/plain; charset=utf-8", out -> {
            for (int i = 0; i < 5; i++) {
                out.write(TEXT.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }));
        return serve(app);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gzip, deflate, br, zstd | br",
            "gzip, br | br",
            "br;q=0.5, gzip | gzip",
            "br;q=0, gzip | gzip",
            "* | br",
            "br;q=0.8, gzip;q=0.8, identity | ''",
            "identity | ''"})
    void brIsPreferredWhenTheClientLikesItAtLeastAsMuchAsTheOthers(String acceptEncoding, String expected) {
        ClientResponse r = client().send(ClientRequest.get("/text").header("Accept-Encoding", acceptEncoding));
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        switch (expected) {
            case "br" -> {
                assertThat(r.header("Content-Encoding")).isEqualTo("br");
                assertThat(unbrotli(r.body())).isEqualTo(TEXT);
            }
            case "gzip" -> {
                assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
                assertThat(gunzip(r.body())).isEqualTo(TEXT);
            }
            default -> {
                assertThat(r.header("Content-Encoding")).isNull();
                assertThat(r.text()).isEqualTo(TEXT);
            }
        }
    }

    @Test
    void brIsSmallerThanGzipAndItsLengthIsRight() {
        var client = client();
        ClientResponse br = client.send(ClientRequest.get("/text").header("Accept-Encoding", "br"));
        ClientResponse gzip = client.send(ClientRequest.get("/text").header("Accept-Encoding", "gzip"));
        assertThat(br.header("Content-Length")).isEqualTo(Integer.toString(br.body().length));
        assertThat(br.body().length).isLessThan(gzip.body().length);
    }

    @Test
    void aLargeBodyFromAnAsyncHandlerIsBrotliCompressed() {
        ClientResponse r = client().send(ClientRequest.get("/large-async").header("Accept-Encoding", "br"));
        assertThat(r.header("Content-Encoding")).isEqualTo("br");
        assertThat(unbrotli(r.body())).isEqualTo(TEXT.repeat(10));
    }

    @Test
    void aStreamIsBrotliCompressedAsItIsWritten() {
        ClientResponse r = client().send(ClientRequest.get("/stream").header("Accept-Encoding", "br"));
        assertThat(r.header("Content-Encoding")).isEqualTo("br");
        assertThat(unbrotli(r.body())).isEqualTo(TEXT.repeat(5));
    }
}
