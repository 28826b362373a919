package dev.duet.netty;

import dev.duet.conformance.HostileInputSuite;

class NettyHostileInputTest extends HostileInputSuite {
    NettyHostileInputTest() {
        super(Cores.netty());
    }
}
