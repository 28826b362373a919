package dev.duet.conformance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Captures what one logger (and its children) logs while open, for tests that assert on logging.
 * The captured events do not reach the console, to keep expected errors out of the build log.
 * Needs Logback on the test class path.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of("dev.duet.tasks")) {
 *     ...
 *     ILoggingEvent e = log.await(ev -> ev.getFormattedMessage().contains("failed"), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final boolean wasAdditive;
    private final Level previousLevel;
    private final Appender appender = new Appender();

    private final class Appender extends AppenderBase<ILoggingEvent> {
        private final List<ILoggingEvent> events = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            synchronized (LogCapture.this) {
                events.add(event);
                LogCapture.this.notifyAll();
            }
        }
    }

    private LogCapture(String name, Level atLeast) {
        logger = (Logger) LoggerFactory.getLogger(name);
        wasAdditive = logger.isAdditive();
        previousLevel = logger.getLevel();
        appender.setContext(logger.getLoggerContext());
        appender.setName("capture-" + name);
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        if (previousLevel == null || previousLevel.isGreaterOrEqual(atLeast)) logger.setLevel(atLeast);
    }

    /** Starts capturing logger {@code name} (e.g. {@code dev.duet.tasks}) from INFO up. */
    public static LogCapture of(String name) {
        return new LogCapture(name, Level.INFO);
    }

    /** Starts capturing logger {@code name} from {@code atLeast} up (e.g. DEBUG, for the quiet lines). */
    public static LogCapture of(String name, Level atLeast) {
        return new LogCapture(name, atLeast);
    }

    public synchronized List<ILoggingEvent> events() {
        return List.copyOf(appender.events);
    }

    /** The events matching {@code which} so far. */
    public synchronized List<ILoggingEvent> events(Predicate<ILoggingEvent> which) {
        return appender.events.stream().filter(which).toList();
    }

    /** Waits until an event matches {@code which} and returns it; fails the test after {@code limit}. */
    public synchronized ILoggingEvent await(Predicate<ILoggingEvent> which, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            for (ILoggingEvent e : appender.events) {
                if (which.test(e)) return e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching log event on " + logger.getName() + " within " + limit
                        + "; got " + appender.events.stream().map(ILoggingEvent::getFormattedMessage).toList());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setAdditive(wasAdditive);
        logger.setLevel(previousLevel);
    }
}
