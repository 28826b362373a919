package dev.duet.conformance;

import dev.duet.servlet.Cores;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The Limits suite on embedded Jetty, container threading. In this package because the suite's test methods are
 * package-private: only a subclass here can override one to disable it.
 */
class JettyLimitsTest extends LimitsSuite {
    JettyLimitsTest() {
        super(Cores.jetty());
    }

    @Override
    @Test
    @Disabled(JettyBugs.MALFORMED_CHUNKED_BODY_IS_200)
    void malformedChunkedBodyIs400AndCloses() {
    }

    @Override
    @Test
    @Disabled(JettyBugs.IDLE_TIMEOUT_CUTS_A_REQUEST)
    void idleTimeoutDoesNotCloseAConnectionWithARequestInProgress() {
    }
}
