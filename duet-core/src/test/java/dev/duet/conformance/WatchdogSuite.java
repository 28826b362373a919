package dev.duet.conformance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.duet.App;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dev mode's watchdog names the async link that blocked an event loop, once. The negative checks
 * ("not reported") rely on the blocking itself lasting four times the threshold: the watchdog
 * scans several times a threshold, so a report would have been logged while the handler slept.
 */
public abstract class WatchdogSuite extends ConformanceSuite {
    private static final String LOGGER = "dev.duet.watchdog";

    protected WatchdogSuite(Harness harness) {
        super(harness);
    }

    private static App appWithABlockingAsyncHandler(boolean dev) {
        App app = newApp(c -> c.dev(dev).watchdogThreshold(Duration.ofMillis(50)));
        app.getAsync("/stuck/{n:int}", req -> {
            Thread.sleep(200); // the mistake: blocking inside an async handler
            return CompletableFuture.completedFuture("done");
        });
        app.get("/blocking-is-fine", req -> {
            Thread.sleep(200);
            return "done";
        });
        return app;
    }

    private static final Predicate<ILoggingEvent> NAMES_THE_STUCK_ROUTE =
            e -> e.getFormattedMessage().contains("/stuck/{n:int}");

    @Test
    void asyncHandlerBlockingTheEventLoopIsReportedOnceWithItsRouteAndStack() throws Exception {
        assumeEventLoop();
        var client = serve(appWithABlockingAsyncHandler(true));

        try (LogCapture log = LogCapture.of(LOGGER)) {
            assertThat(client.get("/stuck/1").text()).isEqualTo("done");
            ILoggingEvent report = log.await(NAMES_THE_STUCK_ROUTE, Duration.ofSeconds(10));
            assertThat(report.getLevel()).isEqualTo(Level.WARN);
            assertThat(report.getFormattedMessage())
                    .contains("async handler GET /stuck/{n:int}")
                    .contains("at java.base/java.lang.Thread.sleep")
                    .contains("WatchdogSuite");

            assertThat(client.get("/stuck/2").text()).isEqualTo("done");
            assertThat(log.events(NAMES_THE_STUCK_ROUTE)).as("reported once per route").hasSize(1);
        }
    }

    @Test
    void blockingHandlersAreNotTheWatchdogsConcern() {
        assumeEventLoop();
        var client = serve(appWithABlockingAsyncHandler(true));

        try (LogCapture log = LogCapture.of(LOGGER)) {
            assertThat(client.get("/blocking-is-fine").text()).isEqualTo("done");
            assertThat(log.events()).isEmpty();
        }
    }

    @Test
    void nothingIsReportedOutsideDevMode() {
        assumeEventLoop();
        var client = serve(appWithABlockingAsyncHandler(false));

        try (LogCapture log = LogCapture.of(LOGGER)) {
            assertThat(client.get("/stuck/1").text()).isEqualTo("done");
            assertThat(log.events()).isEmpty();
        }
    }
}
