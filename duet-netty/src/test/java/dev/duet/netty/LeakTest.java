package dev.duet.netty;

import dev.duet.conformance.RawClient;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duet.Response;
import dev.duet.test.MultipartBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every buffer-handling path (bodies, chunked uploads, refusals, streams, HEAD, disconnects)
 * with Netty's paranoid leak detection, then makes the detector report: nothing may leak.
 */
class LeakTest extends ServerTest {

    @Test
    void noBufferLeaksOnAnyPath() throws Exception {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        Logger detector = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        ListAppender<ILoggingEvent> leaks = new ListAppender<>();
        leaks.start();
        detector.addAppender(leaks);
        try {
            start(config().maxBodySize(4096), app -> {
                app.post("/echo", req -> Response.bytes(req.body(), "application/octet-stream"));
                app.getAsync("/a", req -> CompletableFuture.completedFuture("async"));
                app.get("/stream", req -> Response.stream("text/plain", out -> {
                    for (int i = 0; i < 100; i++) out.write(new byte[1000]);
                }));
            });
            for (int round = 0; round < 3; round++) {
                try (RawClient c = raw()) {
                    c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n" + "x".repeat(3000)
                            + "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + "y".repeat(1024)
                            + "\r\n0\r\n\r\nGET /stream HTTP/1.1\r\nHost: x\r\n\r\nHEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(c.read().body()).hasSize(3000);
                    assertThat(c.read().body()).hasSize(1024);
                    assertThat(c.read().body()).hasSize(100_000);
                    c.read(true);
                    assertThat(c.read().text()).isEqualTo("async");
                }
                try (RawClient c = raw()) { // refused mid-body
                    c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + ("800\r\n" + "z".repeat(2048) + "\r\n").repeat(3));
                    assertThat(c.read().status()).isEqualTo(413);
                }
                try (RawClient c = raw()) { // gone mid-stream and mid-request
                    c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
                    c.line();
                }
            }
            app.stop();
            for (int i = 0; i < 5 && leaks.list.isEmpty(); i++) {
                System.gc();
                Thread.sleep(50);
                for (int j = 0; j < 200; j++) { // allocating is what makes the detector report
                    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
                    b.release();
                }
            }
            assertThat(leaks.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        } finally {
            detector.detachAppender(leaks);
        }
    }

    @Test
    void noBufferLeaksOnTheUploadPaths(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Logger detector = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        ListAppender<ILoggingEvent> leaks = new ListAppender<>();
        leaks.start();
        detector.addAppender(leaks);
        try {
            start(config().uploadDir(dir.toString()).uploadMemoryThreshold(1024).maxFileSize(200_000), app -> {
                app.post("/up", req -> "got " + req.file("f").size());
                app.get("/a", req -> "a");
            });
            byte[] small = new byte[100_000];
            byte[] big = new byte[300_000];
            for (int round = 0; round < 3; round++) {
                MultipartBody ok = MultipartBody.create().field("x", "1").file("f", "f.bin", "application/octet-stream", small);
                byte[] okBytes = ok.bytes();
                try (RawClient c = raw()) { // parsed and dispatched, with a request pipelined behind it
                    c.send(head(ok, okBytes.length)).send(okBytes).send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(c.read().text()).isEqualTo("got 100000");
                    assertThat(c.read().text()).isEqualTo("a");
                }
                MultipartBody tooBig = MultipartBody.create().file("f", "f.bin", "application/octet-stream", big);
                byte[] tooBigBytes = tooBig.bytes();
                try (RawClient c = raw()) { // refused by the parser mid-body (maxFileSize)
                    c.send(head(tooBig, tooBigBytes.length));
                    try {
                        c.send(tooBigBytes);
                    } catch (java.io.IOException refusedMeanwhile) {
                        // the answer was sent while the body was on its way
                    }
                    assertThat(c.read().status()).isEqualTo(413);
                }
                try (RawClient c = raw()) { // gone mid-upload
                    c.send(head(ok, okBytes.length)).send(java.util.Arrays.copyOf(okBytes, 50_000));
                }
            }
            app.stop();
            long until = System.nanoTime() + 10_000_000_000L; // the parsers of connections that went away delete their files
            while (System.nanoTime() < until) {
                try (var left = java.nio.file.Files.list(dir)) {
                    if (left.findAny().isEmpty()) break;
                }
                Thread.sleep(10);
            }
            for (int i = 0; i < 5 && leaks.list.isEmpty(); i++) {
                System.gc();
                Thread.sleep(50);
                for (int j = 0; j < 200; j++) {
                    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
                    b.release();
                }
            }
            assertThat(leaks.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            try (var left = java.nio.file.Files.list(dir)) {
                assertThat(left.toList()).as("temp files left").isEmpty();
            }
        } finally {
            detector.detachAppender(leaks);
        }
    }

    private static String head(MultipartBody body, int length) {
        return "POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: " + length + "\r\n\r\n";
    }
}
