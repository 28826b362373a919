package dev.duet.netty;

import dev.duet.conformance.CancellationSuite;

class NettyCancellationTest extends CancellationSuite {
    NettyCancellationTest() {
        super(Cores.netty());
    }
}
