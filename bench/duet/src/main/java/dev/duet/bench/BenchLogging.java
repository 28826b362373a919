package dev.duet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The bench app's logging, set up in code: what its logback.xml said (WARN, Duet's own INFO, one
 * line each on stdout), without logback reading XML or compiling a layout pattern at start-up.
 * The XML was the largest single piece of the app's start (about 130 ms of the main thread's CPU
 * without an AOT cache, 8 MB allocated, 480 classes loaded: the JDK's XML parser and logback's Joran
 * model), and the pattern's parser and converters the largest left after it (about 40 ms); see
 * docs/benchmarks.md. Logback finds this class as a service
 * (META-INF/services/ch.qos.logback.classic.spi.Configurator) before it looks for a logback.xml.
 */
public final class BenchLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Lines lines = new Lines();
        lines.setContext(context);
        lines.start();

        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(context);
        out.setName("OUT");
        out.setEncoder(lines);
        out.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(out);
        context.getLogger("dev.duet").setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code 12:34:56.789 INFO  [main] dev.duet.App - message}, then the stack trace if there is one. */
    static final class Lines extends EncoderBase<ILoggingEvent> {
        private static final ZoneId ZONE = ZoneId.systemDefault();

        @Override
        public byte[] encode(ILoggingEvent event) {
            LocalTime t = LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZONE);
            StringBuilder sb = new StringBuilder(128);
            two(sb, t.getHour()).append(':');
            two(sb, t.getMinute()).append(':');
            two(sb, t.getSecond()).append('.');
            int ms = t.getNano() / 1_000_000;
            if (ms < 100) sb.append('0');
            two(sb, ms).append(' ');
            String level = event.getLevel().toString();
            sb.append(level).repeat(' ', Math.max(0, 5 - level.length()));
            sb.append(" [").append(event.getThreadName()).append("] ").append(event.getLoggerName())
                    .append(" - ").append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                sb.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static StringBuilder two(StringBuilder sb, int n) {
            if (n < 10) sb.append('0');
            return sb.append(n);
        }

        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }
}
