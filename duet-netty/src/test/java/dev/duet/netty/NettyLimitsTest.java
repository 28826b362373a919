package dev.duet.netty;

import dev.duet.conformance.LimitsSuite;

class NettyLimitsTest extends LimitsSuite {
    NettyLimitsTest() {
        super(Cores.netty());
    }
}
