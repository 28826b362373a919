package dev.duet.netty;

import dev.duet.conformance.ReadinessSuite;

class NettyReadinessTest extends ReadinessSuite {
    NettyReadinessTest() {
        super(Cores.netty());
    }
}
