package dev.duet.conformance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.duet.App;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
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

    /**
     * An app whose async handler blocks its event loop for at least four thresholds, and, when
     * {@code until} is given, on until it holds (at most 5 s): so a report is never missed for
     * want of a scan on a busy machine.
     */
    private static App appWithABlockingAsyncHandler(boolean dev, BooleanSupplier until) {
        App app = newApp(c -> c.dev(dev).watchdogThreshold(Duration.ofMillis(50)));
        app.getAsync("/stuck/{n:int}", req -> {
            long start = System.nanoTime();
            long min = Duration.ofMillis(200).toNanos();
            long max = Duration.ofSeconds(5).toNanos();
            // The mistake under test: blocking inside an async handler.
            while (System.nanoTime() - start < max && (System.nanoTime() - start < min || !until.getAsBoolean())) {
                Thread.sleep(10);
            }
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
        try (LogCapture log = LogCapture.of(LOGGER)) {
            AtomicBoolean firstDone = new AtomicBoolean();
            var client = serve(appWithABlockingAsyncHandler(true,
                    () -> firstDone.get() || !log.events(NAMES_THE_STUCK_ROUTE).isEmpty()));
            assertThat(client.get("/stuck/1").text()).isEqualTo("done");
            firstDone.set(true);
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
        var client = serve(appWithABlockingAsyncHandler(true, () -> true));

        try (LogCapture log = LogCapture.of(LOGGER)) {
            assertThat(client.get("/blocking-is-fine").text()).isEqualTo("done");
            assertThat(log.events()).isEmpty();
        }
    }

    @Test
    void nothingIsReportedOutsideDevMode() {
        assumeEventLoop();
        var client = serve(appWithABlockingAsyncHandler(false, () -> true));

        try (LogCapture log = LogCapture.of(LOGGER)) {
            assertThat(client.get("/stuck/1").text()).isEqualTo("done");
            assertThat(log.events()).isEmpty();
        }
    }
}
