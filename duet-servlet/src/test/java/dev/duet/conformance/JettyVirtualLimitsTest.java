package dev.duet.conformance;

import dev.duet.servlet.Cores;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The Limits suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. In this package because the suite's test methods are
 * package-private: only a subclass here can override one to disable it.
 */
class JettyVirtualLimitsTest extends LimitsSuite {
    JettyVirtualLimitsTest() {
        super(Cores.jettyVirtual());
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
