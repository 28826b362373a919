package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Handler;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the wire-level suites ({@link ConnectionSuite}, {@link LimitsSuite},
 * {@link CancellationSuite}, {@link ShutdownSuite}) share: they talk HTTP/1.1 byte by byte over a
 * {@link RawClient}, so they need a harness with a real socket; elsewhere each test is skipped.
 *
 * <p>Two differences between cores are a matter of spelling, not of behaviour, so a test that
 * compares a status line or a {@code Content-Type} byte for byte expects the core's own spelling
 * ({@link #statusLine}, {@link #contentType}) rather than skipping everything else it checks.
 */
public abstract class WireSuite extends ConformanceSuite {
    private static final Map<Integer, String> REASONS = Map.of(100, "Continue", 200, "OK");

    protected WireSuite(Harness harness) {
        super(harness);
    }

    @BeforeEach
    void needsAWire() {
        assumeOverHttp();
    }

    /** Serves an app of the default {@link #config()} whose routes {@code routes} registers. */
    protected Harness.Client serve(Consumer<App> routes) {
        return serve(c -> c, routes);
    }

    /** Serves an app of {@link #config()} tuned by {@code tune}, whose routes {@code routes} registers. */
    protected Harness.Client serve(UnaryOperator<Config.Builder> tune, Consumer<App> routes) {
        App app = newApp(tune);
        routes.accept(app);
        return serve(app);
    }

    /** A new connection to {@code server}. */
    protected static RawClient connect(Harness.Client server) throws IOException {
        return new RawClient(server.app().port());
    }

    /** {@code GET target} as one HTTP/1.1 request: the request line, a Host, the blank line. */
    protected static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    /**
     * A blocking handler that counts down {@code started}, then sleeps 10 s; if interrupted first,
     * it counts down {@code interrupted} and fails with the interruption.
     */
    protected static Handler sleepsUntilInterrupted(CountDownLatch started, CountDownLatch interrupted) {
        return req -> {
            started.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "woke up";
        };
    }

    /** Reads the core's refusal of a request: {@code status}, {@code message}, then the connection closes. */
    protected static void assertRefusedAndClosed(RawClient c, int status, String message) throws IOException {
        RawClient.Res r = c.read();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.text()).isEqualTo(message);
        assertThat(c.closedWithin(3000)).isTrue();
    }

    /**
     * The status line for {@code status} as this core writes it: {@code HTTP/1.1 200 OK}, or
     * {@code HTTP/1.1 200 } on a core that lacks {@link Harness.Capability#REASON_PHRASES} (the
     * reason phrase is optional, RFC 9112 §4).
     */
    protected String statusLine(int status) {
        String reason = REASONS.get(status);
        if (reason == null) throw new IllegalArgumentException("no reason phrase known for " + status);
        return "HTTP/1.1 " + status + " " + (harness.lacks(Harness.Capability.REASON_PHRASES) == null ? reason : "");
    }
}
