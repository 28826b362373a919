package dev.duet.netty;

import dev.duet.conformance.SseSuite;

class NettySseTest extends SseSuite {
    NettySseTest() {
        super(Cores.netty());
    }
}
