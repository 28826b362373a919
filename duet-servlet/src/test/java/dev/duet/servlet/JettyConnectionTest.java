package dev.duet.servlet;

import dev.duet.conformance.RawClient;

import dev.duet.App;
import dev.duet.Cookie;
import dev.duet.Response;
import dev.duet.spi.ServerCore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP/1.1 on the Jetty core over raw sockets: keep-alive, HEAD, streams, the headers every response carries. */
class JettyConnectionTest extends JettyTest {

    @Test
    void keepAliveServesTwoRequestsOnOneSocket() throws Exception {
        start(app -> {
            app.get("/a", req -> "first");
            app.getAsync("/b", req -> req.tasks().delay(Duration.ofMillis(20)).thenApply(x -> "second"));
        });
        try (RawClient c = raw()) {
            c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res first = c.read();
            assertThat(first.text()).isEqualTo("first");
            assertThat(first.header("Connection")).isNull();
            c.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("second");
            assertThat(c.closedWithin(200)).isFalse();
        }
    }

    @Test
    void connectionCloseIsHonouredAfterTheResponse() throws Exception {
        start(app -> app.get("/a", req -> "bye"));
        try (RawClient c = raw()) {
            c.send("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.text()).isEqualTo("bye");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        start(app -> app.get("/a", req -> "old"));
        try (RawClient c = raw()) {
            c.send("GET /a HTTP/1.0\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.statusLine()).as("Jetty answers as HTTP/1.1, the highest version it speaks").endsWith(" 200 OK");
            assertThat(r.text()).isEqualTo("old");
            assertThat(c.closedWithin(2000)).isTrue();
        }
        try (RawClient c = raw()) {
            c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.header("Connection")).isEqualToIgnoringCase("keep-alive");
            c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("old");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start(app -> {
            app.get("/slow", req -> {
                Thread.sleep(100);
                return "slow";
            });
            app.getAsync("/fast", req -> CompletableFuture.completedFuture("fast"));
        });
        try (RawClient c = raw()) {
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("slow");
            assertThat(c.read().text()).isEqualTo("fast");
        }
    }

    @Test
    void headSendsTheGetHeadersWithoutABody() throws Exception {
        start(app -> {
            app.get("/doc", req -> "twelve bytes");
            app.get("/stream", req -> Response.stream("text/plain", out -> out.write("abc".getBytes())));
        });
        try (RawClient c = raw()) {
            c.send("HEAD /doc HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read(true);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo("12");
            assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            // Nothing follows the headers: the next bytes on the wire are the next response.
            c.send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res s = c.read(true);
            assertThat(s.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(s.header("Content-Type")).isEqualTo("text/plain");
            c.send("GET /doc HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res g = c.read();
            assertThat(g.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(g.text()).isEqualTo("twelve bytes");
        }
    }

    @Test
    void streamedBodyIsSentChunkedFromAVirtualThread() throws Exception {
        AtomicBoolean virtual = new AtomicBoolean();
        start(app -> app.getAsync("/stream", req -> CompletableFuture.completedFuture(Response.stream("text/plain", out -> {
            virtual.set(Thread.currentThread().isVirtual());
            for (int i = 0; i < 5; i++) {
                out.write(("part" + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }))));
        try (RawClient c = raw()) {
            c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.chunked()).isTrue();
            assertThat(r.header("Content-Length")).isNull();
            assertThat(r.text()).isEqualTo("part0\npart1\npart2\npart3\npart4\n");
            c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"); // the connection stays usable after the last chunk
            assertThat(c.read().text()).startsWith("part0");
        }
        assertThat(virtual).isTrue();
    }

    @Test
    void http10StreamIsDelimitedByClosingTheConnection() throws Exception {
        start(app -> app.get("/stream", req -> Response.stream("text/plain", out -> {
            out.write("one ".getBytes());
            out.flush();
            out.write("two".getBytes());
        })));
        try (RawClient c = raw()) {
            c.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawClient.Res r = c.read(); // no Content-Length, no chunks: read to EOF
            assertThat(r.statusLine()).endsWith(" 200 OK");
            assertThat(r.chunked()).isFalse();
            assertThat(r.text()).isEqualTo("one two");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(DuetServlet.Threading.class)
    void aStreamedBodyThatFailsEndsWithoutItsLastChunk(DuetServlet.Threading threading) throws Exception {
        start(config(), threading, app -> app.get("/broken", req -> Response.stream("text/plain", out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("the body's own bug");
        })));
        try (RawClient c = raw()) {
            c.send("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.line()).isEqualTo("HTTP/1.1 200 OK");
            byte[] rest = c.in().readAllBytes(); // to the close: the connection does not stay open
            String text = new String(rest, StandardCharsets.ISO_8859_1);
            assertThat(text).contains("partial").doesNotEndWith("0\r\n\r\n");
        }
    }

    @Test
    void appAskingToCloseTheConnectionIsHonoured() throws Exception {
        start(app -> app.get("/last", req -> Response.text("last one").header("Connection", "close")));
        try (RawClient c = raw()) {
            c.send("GET /last HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.text()).isEqualTo("last one");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test
    void everyResponseCarriesDateServerHeadersAndCookies() throws Exception {
        start(config().serverHeader("Duet-Test"), app -> app.get("/c", req -> Response.text("hi")
                .header("X-Custom", "yes")
                .cookie(Cookie.of("a", "1"))
                .cookie(Cookie.of("b", "2"))));
        try (RawClient c = raw()) {
            c.send("GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.headers().get("server")).containsExactly("Duet-Test");
            assertThat(r.header("X-Custom")).isEqualTo("yes");
            assertThat(r.header("X-Request-Id")).isNotBlank();
            assertThat(r.headers().get("set-cookie")).containsExactly(
                    "a=1; Path=/; HttpOnly; SameSite=Lax", "b=2; Path=/; HttpOnly; SameSite=Lax");
            assertThat(r.headers().get("date")).hasSize(1);
            String date = r.header("Date");
            assertThat(date).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            assertThat(Duration.between(sent, Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void noContentHasNoBodyAndNoLength() throws Exception {
        start(app -> app.get("/none", req -> null));
        try (RawClient c = raw()) {
            c.send("GET /none HTTP/1.1\r\nHost: x\r\n\r\nGET /none HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("Content-Length")).isNull();
            assertThat(r.header("Content-Type")).isNull();
            assertThat(c.read().status()).isEqualTo(204);
        }
    }

    @Test
    void requestsRunOnVirtualThreadsAndBlockingLinksInlineWhenAsked() throws Exception {
        AtomicReference<Thread> container = new AtomicReference<>();
        AtomicReference<Thread> handler = new AtomicReference<>();
        start(config(), DuetServlet.Threading.CONTAINER, app -> {
            app.useAsync((req, next) -> {
                container.set(Thread.currentThread());
                return next.proceed();
            });
            app.get("/t", req -> {
                handler.set(Thread.currentThread());
                return "ok";
            });
        });
        assertThat(get("/t").body()).isEqualTo("ok");
        assertThat(handler.get().isVirtual()).isTrue();
        assertThat(handler.get()).as("the blocking handler ran inline on Jetty's request thread").isSameAs(container.get());
        assertThat(handler.get().getName()).startsWith("duet-jetty-vt-");
    }

    @Test
    void registeredForServiceLoaderAsServlet() {
        assertThat(ServiceLoader.load(ServerCore.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> c instanceof JettyCore).map(ServerCore::name)).containsExactly("servlet");
    }

    @Test
    void appStartFindsTheCoreByName() throws Exception {
        app = App.create(config().core("servlet").build());
        app.get("/", req -> "found");
        app.start();
        assertThat(get("/").body()).isEqualTo("found");
    }

    @Test
    void aPortInUseFailsTheStart() throws Exception {
        start(app -> app.get("/", req -> "first"));
        App second = App.create(config().port(port()).build());
        second.get("/", req -> "second");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.start(new JettyCore()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("could not start servlet");
        assertThat(get("/").body()).isEqualTo("first");
    }
}
