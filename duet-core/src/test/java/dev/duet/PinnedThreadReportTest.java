package dev.duet;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.duet.conformance.LogCapture;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dev mode reports a virtual thread pinned to its carrier. Blocking inside a class initializer
 * still pins on JDK 25, so a handler that triggers a slow static initializer is the specimen; a
 * class initializes once per JVM, which is why this is one plain test and not part of a suite.
 */
class PinnedThreadReportTest {
    static final class SlowToInitialize {
        static final int VALUE;

        static {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            VALUE = 42;
        }
    }

    @Test
    void aVirtualThreadPinnedByASlowStaticInitializerIsReportedInDevMode() throws Exception {
        App app = App.create(Config.builder().dev(true).watchdogThreshold(Duration.ofMillis(50)).build());
        app.get("/init", req -> SlowToInitialize.VALUE);
        try (LogCapture log = LogCapture.of("dev.duet.watchdog"); TestClient client = TestClient.of(app)) {
            assertThat(client.get("/init").text()).isEqualTo("42");
            ILoggingEvent report = log.await(e -> e.getFormattedMessage().contains("pinned"), Duration.ofSeconds(15));
            assertThat(report.getLevel()).isEqualTo(Level.WARN);
            assertThat(report.getFormattedMessage()).contains("SlowToInitialize");
        } finally {
            app.stop();
        }
    }
}
