package dev.duet.conformance;

import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.util.Map;

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

    /** A new connection to {@code server}. */
    protected static RawClient connect(Harness.Client server) throws IOException {
        return new RawClient(server.app().port());
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

    /**
     * {@code written} (e.g. {@code text/plain; charset=utf-8}) as this core sends it: as written, or
     * without the space before a parameter on a core that lacks
     * {@link Harness.Capability#CONTENT_TYPE_AS_WRITTEN} (the same media type, RFC 9110 §5.6.6).
     */
    protected String contentType(String written) {
        return harness.lacks(Harness.Capability.CONTENT_TYPE_AS_WRITTEN) == null ? written : written.replace("; ", ";");
    }
}
