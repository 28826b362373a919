package dev.duet.conformance;

import dev.duet.servlet.Cores;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The Connection suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. In this package because the suite's test methods are
 * package-private: only a subclass here can override one to disable it.
 */
class JettyVirtualConnectionTest extends ConnectionSuite {
    JettyVirtualConnectionTest() {
        super(Cores.jettyVirtual());
    }

    @Override
    @Test
    @Disabled(JettyBugs.EXPECTATION_NOT_IN_DUETS_WORDS)
    void unknownExpectationIsRefused() {
    }

    @Override
    @Test
    @Disabled(JettyBugs.MALFORMED_TARGET_REFUSED_BY_JETTY)
    void malformedPercentEncodingIsTheAppsPreciseError() {
    }
}
