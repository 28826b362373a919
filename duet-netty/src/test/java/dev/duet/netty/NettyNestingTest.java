package dev.duet.netty;

import dev.duet.conformance.NestingSuite;

class NettyNestingTest extends NestingSuite {
    NettyNestingTest() {
        super(Cores.netty());
    }
}
