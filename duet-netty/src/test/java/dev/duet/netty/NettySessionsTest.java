package dev.duet.netty;

import dev.duet.conformance.SessionsSuite;

class NettySessionsTest extends SessionsSuite {
    NettySessionsTest() {
        super(Cores.netty());
    }
}
