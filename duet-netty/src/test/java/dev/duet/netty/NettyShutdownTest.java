package dev.duet.netty;

import dev.duet.conformance.ShutdownSuite;

class NettyShutdownTest extends ShutdownSuite {
    NettyShutdownTest() {
        super(Cores.netty());
    }
}
