package dev.duet.conformance;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The Limits suite as it runs on the Jetty core, either threading ({@link JettyLimitsTest},
 * {@link JettyVirtualLimitsTest}): the tests a known bug of the core fails are disabled, with the bug
 * ({@link JettyBugs}). In this package because the suite's test methods are package-private: only a
 * subclass here can override one.
 */
abstract class LimitsSuiteOnJetty extends LimitsSuite {
    LimitsSuiteOnJetty(Harness jetty) {
        super(jetty);
    }
}
