package dev.duet.servlet;

import dev.duet.App;
import dev.duet.spi.ServerCore;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;
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
