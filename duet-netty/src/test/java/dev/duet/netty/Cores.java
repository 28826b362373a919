package dev.duet.netty;

import dev.duet.conformance.Harness;
import dev.duet.conformance.HttpHarness;

/** The harness the conformance suites run this module's core on. */
final class Cores {
    private Cores() {
    }

    /**
     * The Netty core, as it runs by default (native transport where usable): the reference core,
     * it has every wire-level capability the suites know.
     */
    static Harness netty() {
        return new HttpHarness(new NettyCore());
    }
}
