package dev.duet.netty;

import dev.duet.conformance.RequestSuite;

class NettyRequestTest extends RequestSuite {
    NettyRequestTest() {
        super(Cores.netty());
    }
}
