package dev.duet.netty;

import dev.duet.spi.EventLoopThread;
import dev.duet.spi.ServerCore;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What only the Netty core has: its event-loop threads, its Date header cache, its transports, its
 * name and registration, starting and stopping it. Everything a client can see on the wire is in the
 * conformance suites (Netty*Test).
 */
class NettyCoreTest extends ServerTest {

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

    @Test
    void stopIsIdempotentAndEndsTheEventLoops() throws Exception {
        start(app -> app.get("/", req -> "ok"));
        assertThat(get("/").body()).isEqualTo("ok");
        app.stop();
        app.stop();
        NettyServer server = (NettyServer) new NettyCore().start(dev.duet.App.create(config().build()));
        server.stop(Duration.ofSeconds(1));
        server.stop(Duration.ofSeconds(1));
        Thread.sleep(100);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("duet-loop-") && t.isAlive());
    }

    private static long loopThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("duet-loop-") && t.isAlive()).count();
    }
}
