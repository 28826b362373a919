package dev.duet.servlet;

import dev.duet.App;
import dev.duet.spi.ServerCore;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What only the Jetty core has: its name and registration, its threads, starting and stopping it.
 * Everything a client can see on the wire is in the conformance suites (Jetty*Test, JettyVirtual*Test).
 */
class JettyCoreTest extends JettyTest {

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

    /**
     * An async answer completed on a platform thread (Duet's timer, a client library's) is sent
     * through Jetty's non-blocking write from that thread: no virtual thread is started to write
     * it. Counted with JFR's virtual-thread start events, by the writers' name.
     */
    @ParameterizedTest
    @EnumSource(DuetServlet.Threading.class)
    void anAsyncAnswerCompletedOnAPlatformThreadStartsNoWriterThread(DuetServlet.Threading threading) throws Exception {
        ExecutorService platform = Executors.newSingleThreadExecutor();
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadStart");
            start(config(), threading, app -> app.getAsync("/later", req -> CompletableFuture.supplyAsync(() -> {
                assertThat(Thread.currentThread().isVirtual()).isFalse();
                return "later";
            }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS, platform))));
            recording.start();
            for (int i = 0; i < 10; i++) {
                var res = get("/later");
                assertThat(res.statusCode()).isEqualTo(200);
                assertThat(res.body()).isEqualTo("later");
            }
            recording.stop();
            Path file = Files.createTempFile("duet-writers", ".jfr");
            try {
                recording.dump(file);
                long writers = RecordingFile.readAllEvents(file).stream()
                        .map(RecordedEvent::getThread)
                        .filter(t -> t != null && t.getJavaName() != null && t.getJavaName().startsWith("duet-servlet-write-"))
                        .count();
                assertThat(writers).as("virtual threads started to write an answer").isZero();
            } finally {
                Files.deleteIfExists(file);
            }
        } finally {
            platform.shutdownNow();
        }
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
        assertThatThrownBy(() -> second.start(new JettyCore()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("could not start servlet");
        assertThat(get("/").body()).isEqualTo("first");
    }

    @Test
    void stopIsIdempotentAndEndsJettysThreads() throws Exception {
        start(app -> app.get("/", req -> "ok"));
        assertThat(get("/").body()).isEqualTo("ok");
        app.stop();
        app.stop();
        Thread.sleep(100);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("duet-jetty") && t.isAlive() && !t.isVirtual());
    }
}
