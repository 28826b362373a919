package dev.duet.netty;

import dev.duet.conformance.PagesSuite;

class NettyPagesTest extends PagesSuite {
    NettyPagesTest() {
        super(Cores.netty());
    }
}
