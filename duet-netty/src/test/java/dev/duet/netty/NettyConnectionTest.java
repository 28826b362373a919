package dev.duet.netty;

import dev.duet.conformance.ConnectionSuite;

class NettyConnectionTest extends ConnectionSuite {
    NettyConnectionTest() {
        super(Cores.netty());
    }
}
