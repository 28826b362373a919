package dev.duet.netty;

import dev.duet.conformance.RawClient;

import dev.duet.Cookie;
import dev.duet.Response;
import dev.duet.spi.EventLoopThread;
import dev.duet.spi.ServerCore;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Handlers of both kinds over real HTTP, where they run, and what every response carries. */
class HandlersTest extends ServerTest {

    @Test
    void blockingHandlerAnswersFromAVirtualThread() throws Exception {
        AtomicReference<Thread> where = new AtomicReference<>();
        start(app -> app.get("/check", req -> {
            where.set(Thread.currentThread());
            return "OK";
        }));
        HttpResponse<String> res = get("/check");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("OK");
        assertThat(res.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(res.headers().firstValue("Content-Length")).hasValue("2");
        assertThat(where.get().isVirtual()).isTrue();
        assertThat(where.get()).isNotInstanceOf(EventLoopThread.class);
    }

    @Test
    void asyncHandlerAnswersFromTheEventLoop() throws Exception {
        AtomicReference<Thread> where = new AtomicReference<>();
        AtomicReference<Boolean> marked = new AtomicReference<>();
        start(app -> app.getAsync("/ping", req -> {
            where.set(Thread.currentThread());
            marked.set(EventLoopThread.isCurrent());
            return CompletableFuture.completedFuture(Map.of("pong", true));
        }));
        HttpResponse<String> res = get("/ping");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"pong\":true}");
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(marked.get()).isTrue();
        assertThat(where.get().isVirtual()).isFalse();
        assertThat(where.get().getName()).startsWith("duet-loop-");
    }

    @Test
    void asyncHandlerCompletingLaterIsWritten() throws Exception {
        start(app -> app.getAsync("/slow", req -> req.tasks().delay(Duration.ofMillis(50)).thenApply(x -> "late")));
        HttpResponse<String> res = get("/slow");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("late");
    }

    @Test
    void requestBodiesReachTheHandlerWhole() throws Exception {
        start(app -> {
            app.post("/echo", req -> Response.bytes(req.body(), "application/octet-stream"));
            app.postAsync("/echo-async", req -> CompletableFuture.completedFuture(Response.bytes(req.body(), "application/octet-stream")));
        });
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(big);

        // chunked upload, in several chunks
        try (RawClient c = raw()) {
            c.send("POST /echo-async HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("hello world");
        }
    }

    @Test
    void requestHeadersMethodUriAndRemoteAddressArePassedThrough() throws Exception {
        start(app -> app.get("/h", req -> Map.of(
                "all", req.headers().all("X-Multi"),
                "one", String.valueOf(req.header("x-one")),
                "uri", req.path() + "?" + req.rawQuery(),
                "ip", req.remoteAddress().getAddress().getHostAddress())));
        try (RawClient c = raw()) {
            c.send("GET /h?a=1&b=%20 HTTP/1.1\r\nHost: x\r\nX-Multi: a\r\nX-One: 1\r\nx-multi: b\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("\"all\":[\"a\",\"b\"]").contains("\"one\":\"1\"")
                    .contains("\"uri\":\"/h?a=1&b=%20\"").contains("\"ip\":\"127.0.0.1\"");
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
            assertThat(r.header("Server")).isEqualTo("Duet-Test");
            assertThat(r.header("X-Custom")).isEqualTo("yes");
            assertThat(r.header("X-Request-Id")).isNotBlank();
            assertThat(r.headers().get("set-cookie")).containsExactly(
                    "a=1; Path=/; HttpOnly; SameSite=Lax", "b=2; Path=/; HttpOnly; SameSite=Lax");
            String date = r.header("Date");
            assertThat(date).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            assertThat(Duration.between(sent, Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void dateHeaderIsFormattedAtMostOncePerSecond() {
        for (int attempt = 0; attempt < 5; attempt++) {
            long second = System.currentTimeMillis() / 1000;
            Object first = DateHeader.now();
            Object second1 = DateHeader.now();
            if (System.currentTimeMillis() / 1000 != second) continue; // crossed a second boundary: retry
            assertThat(second1).isSameAs(first);
            assertThat(first.toString()).isEqualTo(DateHeader.format(Instant.ofEpochSecond(second)));
            return;
        }
        throw new AssertionError("could not sample within one second");
    }

    @Test
    void singleDigitDaysArePaddedAsImfFixdateRequires() {
        assertThat(DateHeader.format(Instant.parse("2026-03-01T08:04:05Z"))).isEqualTo("Sun, 01 Mar 2026 08:04:05 GMT");
    }

    @Test
    void noContentHasNoBodyAndNoLength() throws Exception {
        start(app -> app.get("/none", req -> null));
        try (RawClient c = raw()) {
            c.send("GET /none HTTP/1.1\r\nHost: x\r\n\r\nGET /none HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("Content-Length")).isNull();
            assertThat(c.read().status()).isEqualTo(204); // the next response follows at once: no body in between
        }
    }

    @Test
    void appErrorsKeepTheirStatusAndConnection() throws Exception {
        start(app -> app.get("/boom", req -> {
            throw new IllegalStateException("bug");
        }));
        try (RawClient c = raw()) {
            c.send("GET /missing HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.text()).contains("No route for GET /missing");
            c.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(500);
        }
    }

    @Test
    void registeredForServiceLoaderAsNetty() {
        assertThat(ServiceLoader.load(ServerCore.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> c instanceof NettyCore).map(ServerCore::name)).containsExactly("netty");
    }

    @Test
    void appStartFindsTheCoreByName() throws Exception {
        app = dev.duet.App.create(config().core("netty").build());
        app.get("/", req -> "found");
        app.start();
        assertThat(get("/").body()).isEqualTo("found");
    }

    @Test
    void nioTransportServesToo() throws Exception {
        app = dev.duet.App.create(config().build());
        app.get("/b", req -> "blocking");
        app.getAsync("/a", req -> CompletableFuture.completedFuture("async"));
        app.start(new NettyCore(false));
        assertThat(get("/b").body()).isEqualTo("blocking");
        assertThat(get("/a").body()).isEqualTo("async");
    }

    @Test
    void utf8BodiesAreSentAsBytes() throws Exception {
        start(app -> app.get("/u", req -> "héllo ✓"));
        HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(uri("/u")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new String(res.body(), StandardCharsets.UTF_8)).isEqualTo("héllo ✓");
        assertThat(res.headers().firstValue("Content-Length")).hasValue(String.valueOf("héllo ✓".getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void backgroundTasksStartOnceTheResponseIsSent() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        start(app -> app.get("/bg", req -> {
            req.tasks().background(ran::countDown);
            return "queued";
        }));
        assertThat(get("/bg").body()).isEqualTo("queued");
        assertThat(ran.await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(app.awaitIdle(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void malformedPercentEncodingIsTheAppsPreciseError() throws Exception {
        start(app -> app.get("/users/{name}", req -> req.pathParam("name")));
        try (RawClient c = raw()) {
            c.send("GET /users/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Res r = c.read();
            assertThat(r.status()).isEqualTo(400);
            c.send("GET /users/%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n"); // the connection is still fine
            assertThat(c.read().text()).isEqualTo("é");
        }
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNoThreads() throws Exception {
        start(app -> app.get("/", req -> "first"));
        long loopsBefore = loopThreads();
        dev.duet.App second = dev.duet.App.create(config().port(port()).build());
        assertThatThrownBy(() -> second.start(new NettyCore())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not start netty");
        Thread.sleep(300);
        assertThat(loopThreads()).isEqualTo(loopsBefore);
        assertThat(get("/").body()).isEqualTo("first");
    }

    private static long loopThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("duet-loop-") && t.isAlive()).count();
    }
}
