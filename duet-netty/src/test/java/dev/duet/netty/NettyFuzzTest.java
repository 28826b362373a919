package dev.duet.netty;

import dev.duet.conformance.FuzzSuite;

class NettyFuzzTest extends FuzzSuite {
    NettyFuzzTest() {
        super(Cores.netty());
    }
}
