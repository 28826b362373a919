package dev.duet;

import dev.duet.conformance.JdkHttpServerCore;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A started app registers a JVM shutdown hook (SIGTERM stops it gracefully); stopping the app
 * removes the hook, or the JVM would hold every app ever stopped, with its classes: duet run
 * starts one per reload, and test suites start hundreds.
 */
class AppShutdownHookTest {
    @Test
    void aStoppedAppIsNoLongerHeldByItsShutdownHook() throws Exception {
        WeakReference<App> ref = startAndStop();
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(ref.get()).as("the stopped app, still reachable after GCs").isNull();
    }

    private static WeakReference<App> startAndStop() {
        App app = App.create(Config.builder().host("127.0.0.1").port(0).shutdownGrace(Duration.ofSeconds(1)).build());
        app.get("/", req -> "hi");
        app.start(new JdkHttpServerCore());
        app.stop();
        return new WeakReference<>(app);
    }
}
