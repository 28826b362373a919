package dev.duet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The bench app's logging, set up in code: what its logback.xml said (WARN, Duet's own INFO, one
 * line each on stdout), without logback reading XML at start-up. Parsing that small file was the
 * largest single piece of the app's start (about 130 ms of the main thread's CPU without an AOT
 * cache, 8 MB allocated and 400 classes loaded: the JDK's XML parser and logback's Joran model),
 * see docs/benchmarks.md. Logback finds this class as a service
 * (META-INF/services/ch.qos.logback.classic.spi.Configurator) before it looks for a logback.xml.
 */
public final class BenchLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n");
        encoder.start();

        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(context);
        out.setName("OUT");
        out.setEncoder(encoder);
        out.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(out);
        context.getLogger("dev.duet").setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
