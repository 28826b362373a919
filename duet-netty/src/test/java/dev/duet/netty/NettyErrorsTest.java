package dev.duet.netty;

import dev.duet.conformance.ErrorsSuite;

class NettyErrorsTest extends ErrorsSuite {
    NettyErrorsTest() {
        super(Cores.netty());
    }
}
