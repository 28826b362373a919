package dev.duet.netty;

import dev.duet.conformance.SlowClientsSuite;

class NettySlowClientsTest extends SlowClientsSuite {
    NettySlowClientsTest() {
        super(Cores.netty());
    }
}
