package dev.duet.netty;

import dev.duet.conformance.ThreadingSuite;

class NettyThreadingTest extends ThreadingSuite {
    NettyThreadingTest() {
        super(Cores.netty());
    }
}
